"""One named test per planted near miss: its key is not a lead, and its twin across the same condition is.

Each test fails if the model drops (or loosens) the condition the near miss sits next to. The planted
cases and the DOMAIN.md condition each exercises are in ``truth.json`` (see clueloop.synth.cases).
"""

from __future__ import annotations

import sys

from tests.synth.pipeline import SynthRun


def assert_near_miss(run: SynthRun, name: str) -> None:
    case = run.result.case(name)
    assert not case.lead and case.key is not None, f"{name} is not a planted near miss"
    assert case.key not in run.leads[case.model], f"{name}（{case.condition}）不应成为线索"
    assert case.twin is not None, f"{name} has no twin"
    twin = run.result.case(case.twin)
    assert twin.lead and twin.model == case.model and twin.key is not None
    assert twin.key in run.leads[twin.model], f"对照 {twin.name}（{twin.condition}）应成为线索"


def test_every_planted_near_miss_has_its_named_test(run: SynthRun) -> None:
    module = sys.modules[__name__]
    missing = [
        c.name for c in run.result.cases if not c.lead and not hasattr(module, f"test_{c.name}_is_not_a_lead")
    ]
    assert not missing


# --- 1 postal-sender-not-referred 寄递禁寄物品违规人员未移送公安 ----------


def test_postal_seizure_29_days_old_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_seizure_29_days_old")


def test_postal_item_bianpao_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_item_bianpao")


def test_postal_item_not_dangerous_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_item_not_dangerous")


def test_postal_empty_decision_number_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_empty_decision_number")


def test_postal_ps_penalty_on_seizure_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_ps_penalty_on_seizure_day")


def test_postal_ps_penalty_for_any_offence_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_ps_penalty_for_any_offence")


def test_postal_sender_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_sender_id_wrong_check_character")


def test_postal_sender_id_empty_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "postal_sender_id_empty")


# --- 2 debtor-child-private-school 失信被执行人子女就读高收费民办学校 ----------


def test_debtor_fully_performed_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_fully_performed")


def test_debtor_child_at_public_school_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_child_at_public_school")


def test_debtor_fee_below_threshold_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_fee_below_threshold")


def test_debtor_child_left_day_before_listing_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_child_left_day_before_listing")


def test_debtor_child_enrolled_day_after_revocation_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_child_enrolled_day_after_revocation")


def test_debtor_child_enrolled_day_after_as_of_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_child_enrolled_day_after_as_of")


def test_debtor_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "debtor_id_wrong_check_character")


# --- 3 correction-unlicensed-driving 社区矫正对象无证驾驶 ----------


def test_unlicensed_valid_licence_of_any_class_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_valid_licence_of_any_class")


def test_unlicensed_licence_expires_on_violation_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_licence_expires_on_violation_day")


def test_unlicensed_licence_valid_long_term_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_licence_valid_long_term")


def test_unlicensed_licence_first_issued_on_violation_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_licence_first_issued_on_violation_day")


def test_unlicensed_licence_revoked_day_after_violation_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_licence_revoked_day_after_violation")


def test_unlicensed_relicensed_after_cancellation_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_relicensed_after_cancellation")


def test_unlicensed_violation_without_driver_id_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_violation_without_driver_id")


def test_unlicensed_violation_day_before_correction_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_violation_day_before_correction")


def test_unlicensed_violation_day_after_end_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_violation_day_after_end")


def test_unlicensed_driver_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "unlicensed_driver_id_wrong_check_character")


# --- 4 correction-unapproved-travel 社区矫正对象未经批准外出 ----------


def test_travel_county_level_city_same_prefecture_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_county_level_city_same_prefecture")


def test_travel_other_district_same_city_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_other_district_same_city")


def test_travel_covered_by_leave_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_covered_by_leave")


def test_travel_leave_ends_on_violation_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_leave_ends_on_violation_day")


def test_travel_leave_starts_on_violation_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_leave_starts_on_violation_day")


def test_travel_12_digit_codes_same_prefecture_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_12_digit_codes_same_prefecture")


def test_travel_after_correction_end_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_after_correction_end")


def test_travel_violation_region_missing_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_violation_region_missing")


def test_travel_second_period_region_applies_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "travel_second_period_region_applies")


# --- 5 penalty-over-criminal-threshold 以罚代刑 ----------


def test_threshold_amount_one_cent_below_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_amount_one_cent_below")


def test_threshold_offence_text_differs_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_offence_text_differs")


def test_threshold_ordinary_offence_large_amount_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_ordinary_offence_large_amount")


def test_threshold_farmland_below_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_farmland_below")


def test_threshold_drunk_driving_79_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_drunk_driving_79")


def test_threshold_party_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_party_id_wrong_check_character")


def test_threshold_transfer_linked_by_decision_number_any_date_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_transfer_linked_by_decision_number_any_date")


def test_threshold_same_party_transfer_on_window_start_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_same_party_transfer_on_window_start")


def test_threshold_same_party_transfer_on_as_of_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_same_party_transfer_on_as_of")


def test_threshold_same_party_criminal_case_in_window_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "threshold_same_party_criminal_case_in_window")


# --- 6 criminal-case-pil-lead 刑事案件涉公益损害未启动公益诉讼 ----------


def test_pil_case_365_days_before_judgment_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_case_365_days_before_judgment")


def test_pil_case_of_any_domain_suppresses_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_case_of_any_domain_suppresses")


def test_pil_crime_not_in_table_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_crime_not_in_table")


def test_pil_crime_text_differs_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_crime_text_differs")


def test_pil_co_defendant_with_pil_case_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_co_defendant_with_pil_case")


def test_pil_defendant_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "pil_defendant_id_wrong_check_character")


# --- 7 fire-hazard-complaints-unhandled 消防隐患投诉未处置 ----------


def test_fire_two_complaints_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_two_complaints")


def test_fire_ticket_exactly_window_days_old_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_ticket_exactly_window_days_old")


def test_fire_ticket_after_as_of_not_counted_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_ticket_after_as_of_not_counted")


def test_fire_huayuan_is_part_of_the_name_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_huayuan_is_part_of_the_name")


def test_fire_huayuan_stem_alone_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_huayuan_stem_alone")


def test_fire_inspection_after_first_complaint_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_inspection_after_first_complaint")


def test_fire_inspection_on_first_complaint_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_inspection_on_first_complaint_day")


def test_fire_inspection_on_as_of_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_inspection_on_as_of")


def test_fire_inspection_address_contains_name_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_inspection_address_contains_name")


def test_fire_complaints_without_keywords_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_complaints_without_keywords")


def test_fire_complaints_without_xiaoqu_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "fire_complaints_without_xiaoqu")


# --- 8 expired-license-still-operating 许可证过期仍经营 ----------


def test_licence_invoice_on_expiry_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_invoice_on_expiry_day")


def test_licence_invoice_before_first_licence_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_invoice_before_first_licence")


def test_licence_renewed_covers_invoice_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_renewed_covers_invoice")


def test_licence_goods_without_keyword_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_goods_without_keyword")


def test_licence_goods_of_another_type_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_goods_of_another_type")


def test_licence_long_term_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_long_term")


def test_licence_two_types_hazchem_valid_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_two_types_hazchem_valid")


def test_licence_seller_tax_id_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_seller_tax_id_wrong_check_character")


def test_licence_type_not_in_goods_table_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "licence_type_not_in_goods_table")


# --- 9 safety-hazard-not-reinspected 安全生产重大隐患逾期未复查 ----------


def test_safety_deadline_plus_7_equals_as_of_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_deadline_plus_7_equals_as_of")


def test_safety_not_a_major_hazard_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_not_a_major_hazard")


def test_safety_reviewed_and_fixed_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_reviewed_and_fixed")


def test_safety_company_uscc_wrong_check_character_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_company_uscc_wrong_check_character")


def test_safety_penalty_on_day_30_after_review_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_penalty_on_day_30_after_review")


def test_safety_penalty_on_review_day_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_penalty_on_review_day")


def test_safety_penalty_of_any_offence_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_penalty_of_any_offence")


def test_safety_review_plus_30_after_as_of_is_not_a_lead(run: SynthRun) -> None:
    assert_near_miss(run, "safety_review_plus_30_after_as_of")
