// The authoring API: everything an experiment imports. Pure: no I/O, nothing of the engine.
export { page, stored, logic, rounds, repeat, random, between, bracket, groupingWait, syncWait, live, dataExport, pipeline } from "./app.ts";
export type {
  AppDef, PageDef, LogicDef, PageItem, Operator, PlayerApi, SessionApi, PageContext, RenderContext,
  NewPlayerContext, NewSessionContext, ValidationResult, BotScript, BotLiveScript, GroupApi, LiveContext, LiveMethod, LiveMethods, PushTarget, WaitSpec,
  AppExport, ExportContext, ExportRow, FieldReads, FieldWrites, FieldsOf, FieldSource, StoredDef, BotScriptContext,
} from "./app.ts";
export type { WaitFallback, WaitTimeout, GroupByRule, Rematch, BetweenOptions, BetweenAssign, RoundHistory, RoundView } from "./app.ts";
export { defineApp, RESERVED_FIELD_NAMES, AppDefinitionError } from "./define-app.ts";
export { string, textarea, integer, float, decimal, boolean, radio, select, checkboxes, likert, range, date, email, json, choicesOf, likertBounds, maxLengthOf } from "./fields.ts";
export type { Field, FieldKind, JsonValue, Choice, FieldValue, FieldValues, JsonField, StoredField, AttentionCheck } from "./fields.ts";
export { parseField, formValueOf } from "./field-parse.ts";
export { fieldProblem } from "./field-check.ts";
export { randomValidValue, type Rng } from "./field-random.ts";
export { defineProject } from "./project.ts";
export type { ProjectDef, ConfigDef, RoomDef, EntryDef, ExitDef, PaymentDef, QuotaDef, QualityDef } from "./project.ts";
export { parseLabels } from "./room-labels.ts";
export { chatSettings, CHAT_MAX_LENGTH, type ChatOptions, type ChatSettings } from "./chat.ts";
export type { DropoutPolicy } from "./dropout-policy.ts";
export { consentPage, type ConsentOptions } from "./consent.tsx";
export type { BotTestCase, BotTestPage, BotTestPageContext, BotTestPages, BotTests, BotValues, RefusedValues, PageNameOf, BotExpect } from "./app.ts";
export { pageTitle, readableName } from "./page-title.ts";
export { defineMessages, type Messages, type Translate } from "../i18n/messages.ts";
export { LOCALES, type Locale, type LanguageSetting } from "../i18n/locale.ts";
