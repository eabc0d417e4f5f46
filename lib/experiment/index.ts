// The authoring API: everything an experiment imports. Pure: no I/O, nothing of the engine.
export { defineApp, page, RESERVED_FIELD_NAMES, AppDefinitionError } from "./app.ts";
export type { AppDef, PageDef, PlayerApi, SessionApi, RenderContext, NewPlayerContext, NewSessionContext } from "./app.ts";
export { string, integer, radio, parseField, formValueOf } from "./fields.ts";
export type { Field, JsonValue, StringField, IntegerField, RadioField } from "./fields.ts";
export { defineProject } from "./project.ts";
export type { ProjectDef, ConfigDef } from "./project.ts";
