import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes the workflows set, so operators can filter runs in the Temporal UI. */
export const AdAccountId = defineSearchAttributeKey('AdAccountId', SearchAttributeType.KEYWORD);
export const EntityId = defineSearchAttributeKey('EntityId', SearchAttributeType.KEYWORD);
export const ActionType = defineSearchAttributeKey('ActionType', SearchAttributeType.KEYWORD);
export const RuleId = defineSearchAttributeKey('RuleId', SearchAttributeType.KEYWORD);
export const ProposalStatus = defineSearchAttributeKey('ProposalStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [AdAccountId, EntityId, ActionType, RuleId, ProposalStatus] as const;
