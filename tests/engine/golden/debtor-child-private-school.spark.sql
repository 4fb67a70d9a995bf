SELECT
  `d`.`证件号码` AS `_k0`,
  `s`.`学生证件号码` AS `_k1`,
  `d`.`证件号码` AS `_subject_id`,
  `d`.`被执行人姓名` AS `_subject_name`,
  `d`.`被执行人姓名` AS `_t0`,
  `s`.`学生姓名` AS `_t1`,
  `s`.`学校名称` AS `_t2`,
  `d`.`_batch_id` AS `_e0_batch`,
  `d`.`_source_row` AS `_e0_row`,
  `d`.`_source_file` AS `_e0_file`,
  `d`.`执行案号` AS `_e0_v0`,
  `d`.`被执行人姓名` AS `_e0_v1`,
  `d`.`证件号码` AS `_e0_v2`,
  `d`.`执行法院` AS `_e0_v3`,
  `d`.`立案日期` AS `_e0_v4`,
  `d`.`发布日期` AS `_e0_v5`,
  `d`.`履行情况` AS `_e0_v6`,
  `d`.`执行标的金额` AS `_e0_v7`,
  `d`.`撤销日期` AS `_e0_v8`,
  `s`.`_batch_id` AS `_e1_batch`,
  `s`.`_source_row` AS `_e1_row`,
  `s`.`_source_file` AS `_e1_file`,
  `s`.`学籍号` AS `_e1_v0`,
  `s`.`学生姓名` AS `_e1_v1`,
  `s`.`学生证件号码` AS `_e1_v2`,
  `s`.`学校名称` AS `_e1_v3`,
  `s`.`学校标识码` AS `_e1_v4`,
  `s`.`办学性质` AS `_e1_v5`,
  `s`.`入学日期` AS `_e1_v6`,
  `s`.`离校日期` AS `_e1_v7`,
  `s`.`监护人一姓名` AS `_e1_v8`,
  `s`.`监护人一证件号码` AS `_e1_v9`,
  `s`.`监护人二姓名` AS `_e1_v10`,
  `s`.`监护人二证件号码` AS `_e1_v11`
FROM `dishonest_debtor` AS `d`
INNER JOIN `student_enrollment` AS `s`
  ON `s`.`监护人一证件号码` = `d`.`证件号码`
WHERE
  NOT `d`.`证件号码` IS NULL
  AND COALESCE(`d`.`履行情况`, '') <> '全部履行'
  AND NOT `s`.`学生证件号码` IS NULL
  AND `s`.`办学性质` = '民办'
  AND `s`.`入学日期` <= COALESCE(`d`.`撤销日期`, CAST('2026-11-27' AS DATE))
  AND (
    `s`.`离校日期` IS NULL OR `s`.`离校日期` >= `d`.`发布日期`
  )
  AND EXISTS(
    SELECT
      1
    FROM `school_fee` AS `f`
    WHERE
      `f`.`学校标识码` = `s`.`学校标识码` AND `f`.`学费` >= 20000.0
  )
UNION ALL
SELECT
  `d`.`证件号码` AS `_k0`,
  `s`.`学生证件号码` AS `_k1`,
  `d`.`证件号码` AS `_subject_id`,
  `d`.`被执行人姓名` AS `_subject_name`,
  `d`.`被执行人姓名` AS `_t0`,
  `s`.`学生姓名` AS `_t1`,
  `s`.`学校名称` AS `_t2`,
  `d`.`_batch_id` AS `_e0_batch`,
  `d`.`_source_row` AS `_e0_row`,
  `d`.`_source_file` AS `_e0_file`,
  `d`.`执行案号` AS `_e0_v0`,
  `d`.`被执行人姓名` AS `_e0_v1`,
  `d`.`证件号码` AS `_e0_v2`,
  `d`.`执行法院` AS `_e0_v3`,
  `d`.`立案日期` AS `_e0_v4`,
  `d`.`发布日期` AS `_e0_v5`,
  `d`.`履行情况` AS `_e0_v6`,
  `d`.`执行标的金额` AS `_e0_v7`,
  `d`.`撤销日期` AS `_e0_v8`,
  `s`.`_batch_id` AS `_e1_batch`,
  `s`.`_source_row` AS `_e1_row`,
  `s`.`_source_file` AS `_e1_file`,
  `s`.`学籍号` AS `_e1_v0`,
  `s`.`学生姓名` AS `_e1_v1`,
  `s`.`学生证件号码` AS `_e1_v2`,
  `s`.`学校名称` AS `_e1_v3`,
  `s`.`学校标识码` AS `_e1_v4`,
  `s`.`办学性质` AS `_e1_v5`,
  `s`.`入学日期` AS `_e1_v6`,
  `s`.`离校日期` AS `_e1_v7`,
  `s`.`监护人一姓名` AS `_e1_v8`,
  `s`.`监护人一证件号码` AS `_e1_v9`,
  `s`.`监护人二姓名` AS `_e1_v10`,
  `s`.`监护人二证件号码` AS `_e1_v11`
FROM `dishonest_debtor` AS `d`
INNER JOIN `student_enrollment` AS `s`
  ON `s`.`监护人二证件号码` = `d`.`证件号码` AND NOT COALESCE(`s`.`监护人一证件号码` = `d`.`证件号码`, FALSE)
WHERE
  NOT `d`.`证件号码` IS NULL
  AND COALESCE(`d`.`履行情况`, '') <> '全部履行'
  AND NOT `s`.`学生证件号码` IS NULL
  AND `s`.`办学性质` = '民办'
  AND `s`.`入学日期` <= COALESCE(`d`.`撤销日期`, CAST('2026-11-27' AS DATE))
  AND (
    `s`.`离校日期` IS NULL OR `s`.`离校日期` >= `d`.`发布日期`
  )
  AND EXISTS(
    SELECT
      1
    FROM `school_fee` AS `f`
    WHERE
      `f`.`学校标识码` = `s`.`学校标识码` AND `f`.`学费` >= 20000.0
  )
ORDER BY
  `_k0`,
  `_k1`,
  `_e0_batch`,
  `_e0_row`,
  `_e0_file`,
  `_e1_batch`,
  `_e1_row`,
  `_e1_file`
