SELECT
  "i"."销售方税号" AS "_k0",
  "l"."许可类型" AS "_k1",
  "i"."销售方税号" AS "_subject_id",
  "i"."销售方名称" AS "_subject_name",
  "i"."销售方名称" AS "_t0",
  "l"."许可类型" AS "_t1",
  "i"."_batch_id" AS "_e0_batch",
  "i"."_source_row" AS "_e0_row",
  "i"."_source_file" AS "_e0_file",
  "i"."发票号码" AS "_e0_v0",
  "i"."销售方名称" AS "_e0_v1",
  "i"."销售方税号" AS "_e0_v2",
  "i"."购买方名称" AS "_e0_v3",
  "i"."商品名称" AS "_e0_v4",
  "i"."金额" AS "_e0_v5",
  "i"."开票日期" AS "_e0_v6",
  "l"."_batch_id" AS "_e1_batch",
  "l"."_source_row" AS "_e1_row",
  "l"."_source_file" AS "_e1_file",
  "l"."许可证编号" AS "_e1_v0",
  "l"."许可类型" AS "_e1_v1",
  "l"."企业名称" AS "_e1_v2",
  "l"."统一社会信用代码" AS "_e1_v3",
  "l"."有效期起" AS "_e1_v4",
  "l"."有效期止" AS "_e1_v5"
FROM "sales_invoice" AS "i"
INNER JOIN "business_license" AS "l"
  ON "l"."统一社会信用代码" = "i"."销售方税号"
INNER JOIN (VALUES
  ('危险化学品经营许可证', '汽油'),
  ('危险化学品经营许可证', '柴油'),
  ('危险化学品经营许可证', '液化气'),
  ('危险化学品经营许可证', '丁烷'),
  ('危险化学品经营许可证', '酒精'),
  ('危险化学品经营许可证', '油漆'),
  ('危险化学品经营许可证', '溶剂'),
  ('烟花爆竹经营许可证', '烟花'),
  ('烟花爆竹经营许可证', '爆竹'),
  ('烟花爆竹经营许可证', '鞭炮'),
  ('烟花爆竹经营许可证', '礼花')) AS "g"("许可类型", "关键词")
  ON "g"."许可类型" = "l"."许可类型" AND STRPOS("i"."商品名称", "g"."关键词") > 0
WHERE
  "i"."开票日期" > "l"."有效期止"
  AND NOT EXISTS(
    SELECT
      1
    FROM "business_license" AS "c"
    WHERE
      "c"."统一社会信用代码" = "i"."销售方税号"
      AND "c"."许可类型" = "l"."许可类型"
      AND (
        "c"."有效期起" IS NULL OR "c"."有效期起" <= "i"."开票日期"
      )
      AND (
        "c"."有效期止" IS NULL OR "i"."开票日期" <= "c"."有效期止"
      )
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
