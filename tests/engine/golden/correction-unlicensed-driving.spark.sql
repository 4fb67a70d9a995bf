SELECT
  `c`.`证件号码` AS `_k0`,
  `c`.`证件号码` AS `_subject_id`,
  `c`.`姓名` AS `_subject_name`,
  `c`.`姓名` AS `_t0`,
  `t`.`_batch_id` AS `_e0_batch`,
  `t`.`_source_row` AS `_e0_row`,
  `t`.`_source_file` AS `_e0_file`,
  `t`.`记录编号` AS `_e0_v0`,
  `t`.`号牌号码` AS `_e0_v1`,
  `t`.`驾驶人姓名` AS `_e0_v2`,
  `t`.`驾驶人证件号码` AS `_e0_v3`,
  `t`.`违法时间` AS `_e0_v4`,
  `t`.`违法地点` AS `_e0_v5`,
  `t`.`违法地区划代码` AS `_e0_v6`,
  `t`.`违法行为` AS `_e0_v7`,
  `t`.`采集方式` AS `_e0_v8`,
  `c`.`_batch_id` AS `_e1_batch`,
  `c`.`_source_row` AS `_e1_row`,
  `c`.`_source_file` AS `_e1_file`,
  `c`.`姓名` AS `_e1_v0`,
  `c`.`证件号码` AS `_e1_v1`,
  `c`.`罪名` AS `_e1_v2`,
  `c`.`矫正类别` AS `_e1_v3`,
  `c`.`矫正开始日期` AS `_e1_v4`,
  `c`.`矫正结束日期` AS `_e1_v5`,
  `c`.`执行地区划代码` AS `_e1_v6`,
  `c`.`矫正机构` AS `_e1_v7`
FROM `traffic_violation` AS `t`
INNER JOIN `community_correction` AS `c`
  ON `c`.`证件号码` = `t`.`驾驶人证件号码`
  AND CAST(`t`.`违法时间` AS DATE) BETWEEN `c`.`矫正开始日期` AND `c`.`矫正结束日期`
WHERE
  NOT EXISTS(
    SELECT
      1
    FROM `driver_license` AS `l`
    WHERE
      `l`.`证件号码` = `t`.`驾驶人证件号码`
      AND `l`.`初次领证日期` <= CAST(`t`.`违法时间` AS DATE)
      AND CAST(`t`.`违法时间` AS DATE) <= COALESCE(`l`.`有效期止`, CAST(DATE_ADD(CAST(`t`.`违法时间` AS DATE), 1) AS DATE))
      AND NOT (
        COALESCE(`l`.`状态`, '正常') <> '正常'
        AND (
          `l`.`状态变更日期` IS NULL OR `l`.`状态变更日期` <= CAST(`t`.`违法时间` AS DATE)
        )
      )
  )
ORDER BY
  `_k0`,
  `_e0_batch`,
  `_e0_row`,
  `_e0_file`,
  `_e1_batch`,
  `_e1_row`,
  `_e1_file`
