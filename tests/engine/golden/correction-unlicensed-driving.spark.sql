SELECT
  `c`.`证件号码` AS `_k0`,
  `c`.`证件号码` AS `_subject_id`,
  `c`.`姓名` AS `_subject_name`,
  `c`.`姓名` AS `_t0`,
  `t`.`_batch_id` AS `_e0_batch`,
  `t`.`_source_row` AS `_e0_row`,
  `t`.`_source_file` AS `_e0_file`,
  `c`.`_batch_id` AS `_e1_batch`,
  `c`.`_source_row` AS `_e1_row`,
  `c`.`_source_file` AS `_e1_file`
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
