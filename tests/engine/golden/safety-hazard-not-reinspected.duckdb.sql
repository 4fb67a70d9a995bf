SELECT
  "s"."检查编号" AS "_k0",
  "s"."统一社会信用代码" AS "_subject_id",
  "s"."企业名称" AS "_subject_name",
  "s"."企业名称" AS "_t0",
  "s"."检查编号" AS "_t1",
  "s"."_batch_id" AS "_e0_batch",
  "s"."_source_row" AS "_e0_row",
  "s"."_source_file" AS "_e0_file",
  "s"."检查编号" AS "_e0_v0",
  "s"."企业名称" AS "_e0_v1",
  "s"."统一社会信用代码" AS "_e0_v2",
  "s"."检查日期" AS "_e0_v3",
  "s"."隐患描述" AS "_e0_v4",
  "s"."是否重大隐患" AS "_e0_v5",
  "s"."整改期限" AS "_e0_v6",
  "s"."复查日期" AS "_e0_v7",
  "s"."复查结论" AS "_e0_v8"
FROM "safety_inspection" AS "s"
WHERE
  "s"."是否重大隐患" = '是'
  AND NOT "s"."统一社会信用代码" IS NULL
  AND (
    (
      "s"."复查日期" IS NULL
      AND CAST("s"."整改期限" + INTERVAL 7 DAY AS DATE) < CAST('2026-11-27' AS DATE)
    )
    OR (
      "s"."复查结论" = '未整改'
      AND CAST("s"."复查日期" + INTERVAL 30 DAY AS DATE) <= CAST('2026-11-27' AS DATE)
    )
  )
  AND NOT (
    COALESCE(
      NOT COALESCE(
        "s"."复查日期" IS NULL
        AND CAST("s"."整改期限" + INTERVAL 7 DAY AS DATE) < CAST('2026-11-27' AS DATE),
        FALSE
      ),
      TRUE
    )
    AND EXISTS(
      SELECT
        1
      FROM "admin_penalty" AS "p"
      WHERE
        "p"."证件号码" = "s"."统一社会信用代码"
        AND "p"."处罚决定日期" BETWEEN "s"."复查日期" AND CAST("s"."复查日期" + INTERVAL 30 DAY AS DATE)
    )
  )
ORDER BY
  "_k0",
  "_e0_batch",
  "_e0_row",
  "_e0_file"
