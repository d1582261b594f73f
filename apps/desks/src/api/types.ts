import type { components } from './schema';

/** Names for the generated schemas the desks use most; the shapes come from the gateway. */
type Schemas = components['schemas'];
export type AuthUser = Schemas['AuthUserDto'];
export type Role = AuthUser['roles'][number];
export type CaseView = Schemas['CaseViewDto'];
export type Stage = CaseView['stage'];
export type Category = CaseView['category'];
export type Party = Schemas['PartyDto'];
export type CreateDispute = Schemas['CreateDisputeDto'];
export type Channel = CreateDispute['channel'];
export type RoutingSuggestion = Schemas['RoutingSuggestionDto'];
export type Route = Schemas['RouteDto'];
export type TimelineEvent = Schemas['TimelineEventDto'];
export type Territory = Schemas['TerritoryDto'];
export type Unit = Schemas['UnitDto'];
export type Grid = Schemas['GridDto'];
export type PublicCase = Schemas['PublicCaseDto'];
export type Rating = Schemas['EvaluationDto']['rating'];

/** The eight stages of the handling chain, in order (CLOSED is the end, not a stage). */
export const CHAIN_STAGES = [
  'DISCOVERY',
  'ACCEPTANCE',
  'ROUTING',
  'HANDLING',
  'TRACKING',
  'SUPERVISION',
  'FEEDBACK',
  'EVALUATION',
] as const satisfies readonly Stage[];
