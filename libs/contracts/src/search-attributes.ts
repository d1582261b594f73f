import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';

/** What the Temporal UI can find cases by; registered on the server before any worker runs. */
export const CASE_NO_ATTRIBUTE = defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD);
export const CASE_STAGE_ATTRIBUTE = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CASE_CENTER_ATTRIBUTE = defineSearchAttributeKey('CaseCenter', SearchAttributeType.KEYWORD);
export const CASE_UNIT_ATTRIBUTE = defineSearchAttributeKey('CaseUnit', SearchAttributeType.KEYWORD);
export const CASE_OVERDUE_ATTRIBUTE = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [
  CASE_NO_ATTRIBUTE,
  CASE_STAGE_ATTRIBUTE,
  CASE_CENTER_ATTRIBUTE,
  CASE_UNIT_ATTRIBUTE,
  CASE_OVERDUE_ATTRIBUTE,
];

/** `--search-attribute Name=Type` arguments of `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return CASE_SEARCH_ATTRIBUTES.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
  ]);
}
