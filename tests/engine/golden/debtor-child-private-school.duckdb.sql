SELECT
  "d"."证件号码" AS "_k0",
  "s"."学生证件号码" AS "_k1",
  "d"."证件号码" AS "_subject_id",
  "d"."被执行人姓名" AS "_subject_name",
  "d"."被执行人姓名" AS "_t0",
  "s"."学生姓名" AS "_t1",
  "s"."学校名称" AS "_t2",
  "d"."_batch_id" AS "_e0_batch",
  "d"."_source_row" AS "_e0_row",
  "d"."_source_file" AS "_e0_file",
  "s"."_batch_id" AS "_e1_batch",
  "s"."_source_row" AS "_e1_row",
  "s"."_source_file" AS "_e1_file"
FROM "dishonest_debtor" AS "d"
INNER JOIN "student_enrollment" AS "s"
  ON (
    "s"."监护人一证件号码" = "d"."证件号码" OR "s"."监护人二证件号码" = "d"."证件号码"
  )
WHERE
  NOT "d"."证件号码" IS NULL
  AND COALESCE("d"."履行情况", '') <> '全部履行'
  AND NOT "s"."学生证件号码" IS NULL
  AND "s"."办学性质" = '民办'
  AND "s"."入学日期" <= COALESCE("d"."撤销日期", CAST('2026-11-27' AS DATE))
  AND (
    "s"."离校日期" IS NULL OR "s"."离校日期" >= "d"."发布日期"
  )
  AND EXISTS(
    SELECT
      1
    FROM "school_fee" AS "f"
    WHERE
      "f"."学校标识码" = "s"."学校标识码" AND "f"."学费" >= 20000.0
  )
ORDER BY
  "_k0",
  "_k1",
  "_e0_batch",
  "_e0_row",
  "_e0_file",
  "_e1_batch",
  "_e1_row",
  "_e1_file"
