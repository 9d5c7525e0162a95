// Public API of the characters layer; other layers import only this file.
export {
  DESIGN_DOC_VERSION,
  designDocSchema,
  designDocBaseSchema,
  runtimeRulesSchema,
  defaultRuntimeRules,
  familiarityLevels,
  fillMacros,
  greetingFor,
  type DesignDoc,
  type DesignDocInput,
  type RuntimeRules,
  type FamiliarityLevel,
  type Rating,
  type Visibility,
  type CharacterStatus,
} from './design-doc.js';
export { findMinorAgeSignals, type MinorAgeSignal } from './minor-age.js';
