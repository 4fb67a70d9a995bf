SELECT
  "v"."寄件人证件号码" AS "_k0",
  "v"."寄件人证件号码" AS "_subject_id",
  "v"."寄件人姓名" AS "_subject_name",
  "v"."寄件人姓名" AS "_t0",
  "v"."_batch_id" AS "_e0_batch",
  "v"."_source_row" AS "_e0_row",
  "v"."_source_file" AS "_e0_file",
  "v"."记录编号" AS "_e0_v0",
  "v"."快递企业" AS "_e0_v1",
  "v"."寄件人姓名" AS "_e0_v2",
  "v"."寄件人证件号码" AS "_e0_v3",
  "v"."寄件人电话" AS "_e0_v4",
  "v"."禁寄物品名称" AS "_e0_v5",
  "v"."数量" AS "_e0_v6",
  "v"."查获日期" AS "_e0_v7",
  "v"."行政处罚决定书文号" AS "_e0_v8"
FROM "postal_violation" AS "v"
WHERE
  (
    STRPOS("v"."禁寄物品名称", '打火机') > 0
    OR STRPOS("v"."禁寄物品名称", '丁烷') > 0
    OR STRPOS("v"."禁寄物品名称", '气罐') > 0
    OR STRPOS("v"."禁寄物品名称", '烟花') > 0
    OR STRPOS("v"."禁寄物品名称", '爆竹') > 0
    OR STRPOS("v"."禁寄物品名称", '酒精') > 0
    OR STRPOS("v"."禁寄物品名称", '汽油') > 0
    OR STRPOS("v"."禁寄物品名称", '管制刀具') > 0
  )
  AND NOT "v"."行政处罚决定书文号" IS NULL
  AND "v"."查获日期" <= CAST(CAST('2026-11-27' AS DATE) + INTERVAL (-30) DAY AS DATE)
  AND NOT "v"."寄件人证件号码" IS NULL
  AND NOT EXISTS(
    SELECT
      1
    FROM "public_security_penalty" AS "p"
    WHERE
      "p"."证件号码" = "v"."寄件人证件号码" AND "p"."决定日期" >= "v"."查获日期"
  )
ORDER BY
  "_k0",
  "_e0_batch",
  "_e0_row",
  "_e0_file"
