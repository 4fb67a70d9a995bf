SELECT
  `p`.`决定书文号` AS `_k0`,
  `p`.`证件号码` AS `_subject_id`,
  `p`.`当事人名称` AS `_subject_name`,
  `p`.`执法机关` AS `_t0`,
  `p`.`当事人名称` AS `_t1`,
  `p`.`决定书文号` AS `_t2`,
  `t`.`罪名` AS `_t3`,
  `p`.`_batch_id` AS `_e0_batch`,
  `p`.`_source_row` AS `_e0_row`,
  `p`.`_source_file` AS `_e0_file`,
  `p`.`决定书文号` AS `_e0_v0`,
  `p`.`执法机关` AS `_e0_v1`,
  `p`.`当事人类型` AS `_e0_v2`,
  `p`.`当事人名称` AS `_e0_v3`,
  `p`.`证件号码` AS `_e0_v4`,
  `p`.`违法行为类型` AS `_e0_v5`,
  `p`.`违法事实` AS `_e0_v6`,
  `p`.`处罚种类` AS `_e0_v7`,
  `p`.`罚款金额` AS `_e0_v8`,
  `p`.`涉案金额` AS `_e0_v9`,
  `p`.`涉案数量` AS `_e0_v10`,
  `p`.`计量单位` AS `_e0_v11`,
  `p`.`处罚决定日期` AS `_e0_v12`,
  `p`.`地址` AS `_e0_v13`
FROM `admin_penalty` AS `p`
INNER JOIN VALUES
  ('生产销售伪劣产品', '生产、销售伪劣产品罪', '涉案金额', 50000.0, '刑法第一百四十条'),
  ('销售假冒注册商标的商品', '销售假冒注册商标的商品罪', '涉案金额', 50000.0, '刑法第二百一十四条'),
  ('非法经营', '非法经营罪', '涉案金额', 50000.0, '刑法第二百二十五条'),
  ('非法占用农用地', '非法占用农用地罪', '涉案数量', 10.0, '刑法第三百四十二条（亩）'),
  ('非法采矿', '非法采矿罪', '涉案金额', 100000.0, '刑法第三百四十三条'),
  ('醉酒驾驶机动车', '危险驾驶罪', '涉案数量', 80.0, '刑法第一百三十三条之一（mg/100ml）') AS `t`(`违法行为类型`, `罪名`, `度量`, `阈值`, `依据`)
  ON `t`.`违法行为类型` = `p`.`违法行为类型`
WHERE
  NOT `p`.`证件号码` IS NULL
  AND (
    (
      `t`.`度量` = '涉案金额' AND `p`.`涉案金额` >= `t`.`阈值`
    )
    OR (
      `t`.`度量` = '涉案数量' AND `p`.`涉案数量` >= `t`.`阈值`
    )
  )
  AND NOT EXISTS(
    SELECT
      1
    FROM `case_transfer` AS `x`
    WHERE
      `x`.`关联处罚决定书文号` = `p`.`决定书文号`
  )
  AND NOT EXISTS(
    SELECT
      1
    FROM `case_transfer` AS `y`
    WHERE
      `y`.`证件号码` = `p`.`证件号码`
      AND `y`.`移送日期` BETWEEN CAST(DATE_ADD(`p`.`处罚决定日期`, -365) AS DATE) AND CAST('2026-11-27' AS DATE)
  )
  AND NOT EXISTS(
    SELECT
      1
    FROM `criminal_case` AS `z`
    WHERE
      `z`.`证件号码` = `p`.`证件号码`
      AND `z`.`立案日期` BETWEEN CAST(DATE_ADD(`p`.`处罚决定日期`, -365) AS DATE) AND CAST('2026-11-27' AS DATE)
  )
ORDER BY
  `_k0`,
  `_e0_batch`,
  `_e0_row`,
  `_e0_file`
