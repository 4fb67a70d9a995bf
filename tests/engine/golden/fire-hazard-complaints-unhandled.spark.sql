WITH `g` AS (
  SELECT
    `t`.`所属小区` AS `小区`,
    COUNT(*) OVER (PARTITION BY `t`.`所属小区`) AS `投诉数`,
    MIN(CAST(`t`.`来电时间` AS DATE)) OVER (PARTITION BY `t`.`所属小区`) AS `首次投诉日`,
    `t`.`_batch_id` AS `_e0_batch`,
    `t`.`_source_row` AS `_e0_row`,
    `t`.`_source_file` AS `_e0_file`,
    `t`.`工单编号` AS `_e0_v0`,
    `t`.`来电时间` AS `_e0_v1`,
    `t`.`诉求内容` AS `_e0_v2`,
    `t`.`事发地址` AS `_e0_v3`,
    `t`.`所属街道` AS `_e0_v4`,
    `t`.`所属小区` AS `_e0_v5`,
    `t`.`承办单位` AS `_e0_v6`,
    `t`.`办结时间` AS `_e0_v7`
  FROM `hotline_ticket` AS `t`
  WHERE
    CAST(`t`.`来电时间` AS DATE) > CAST(DATE_ADD(CAST('2026-11-27' AS DATE), -180) AS DATE)
    AND CAST(`t`.`来电时间` AS DATE) <= CAST('2026-11-27' AS DATE)
    AND (
      LOCATE('飞线充电', `t`.`诉求内容`) > 0
      OR LOCATE('私拉电线', `t`.`诉求内容`) > 0
      OR LOCATE('楼道充电', `t`.`诉求内容`) > 0
      OR LOCATE('电动车进楼', `t`.`诉求内容`) > 0
      OR LOCATE('电瓶车充电', `t`.`诉求内容`) > 0
      OR LOCATE('占用消防通道', `t`.`诉求内容`) > 0
      OR LOCATE('堵塞消防通道', `t`.`诉求内容`) > 0
    )
    AND NOT `t`.`所属小区` IS NULL
)
SELECT
  `g`.`小区` AS `_k0`,
  `g`.`小区` AS `_subject_name`,
  `g`.`小区` AS `_t0`,
  `g`.`投诉数` AS `_t1`,
  `g`.`_e0_batch` AS `_e0_batch`,
  `g`.`_e0_row` AS `_e0_row`,
  `g`.`_e0_file` AS `_e0_file`,
  `g`.`_e0_v0` AS `_e0_v0`,
  `g`.`_e0_v1` AS `_e0_v1`,
  `g`.`_e0_v2` AS `_e0_v2`,
  `g`.`_e0_v3` AS `_e0_v3`,
  `g`.`_e0_v4` AS `_e0_v4`,
  `g`.`_e0_v5` AS `_e0_v5`,
  `g`.`_e0_v6` AS `_e0_v6`,
  `g`.`_e0_v7` AS `_e0_v7`
FROM `g` AS `g`
INNER JOIN (
  SELECT DISTINCT
    `g`.`小区`,
    `g`.`投诉数`,
    `g`.`首次投诉日`
  FROM `g` AS `g`
  WHERE
    `g`.`投诉数` >= 3
    AND NOT EXISTS(
      SELECT
        1
      FROM `fire_inspection` AS `f`
      WHERE
        (
          LOCATE(`g`.`小区`, `f`.`检查场所`) > 0 OR LOCATE(`g`.`小区`, `f`.`场所地址`) > 0
        )
        AND `f`.`检查日期` BETWEEN `g`.`首次投诉日` AND CAST('2026-11-27' AS DATE)
    )
) AS `k`
  ON `g`.`小区` IS NOT DISTINCT FROM `k`.`小区`
ORDER BY
  `_k0`,
  `_e0_batch`,
  `_e0_row`,
  `_e0_file`
