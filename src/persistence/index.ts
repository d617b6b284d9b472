/**
 * The persistence layer: the only code that touches IndexedDB (DESIGN.md §2, §7). The state layer
 * imports only from here.
 */
export {
	StorageError,
	idbStore,
	memoryStore,
	toStorageError,
	type KeyValueStore,
	type MemoryStore,
	type StorageErrorKind
} from './kv';
export {
	KEYS,
	LEAD_CHUNK,
	PREFIX,
	SCHEMA_VERSION,
	defaultPrefs,
	describeValue,
	isFieldValue,
	isLeadChunkKey,
	validateContext,
	validateCustomFields,
	validateEnvelope,
	validateFieldDef,
	validateLead,
	validateLeadIndex,
	validateMeta,
	validatePrefs,
	validateWebhook,
	validateWorkspace,
	type BackupRecord,
	type Envelope,
	type LeadIndex,
	type Meta,
	type Prefs,
	type Validation
} from './schema';
export {
	migrateRecord,
	migrations,
	type MigrateOptions,
	type MigrateResult,
	type Migration
} from './migrations';
export {
	MAX_IMPORT_ERRORS,
	WORKSPACE_FILE_VERSION,
	WORKSPACE_FORMAT,
	exportWorkspace,
	parseWorkspaceFile,
	sameData,
	summarizeImport,
	type ImportSummary,
	type NamedRecord,
	type RecordChanges
} from './export';
export {
	WorkspaceRepo,
	type BackupEntry,
	type LoadResult,
	type Quarantined,
	type RepoOptions,
	type SaveLeadsOptions,
	type SaveResult
} from './repo';
export { createTabSync, type TabChange, type TabChangeFrom, type TabSync } from './sync';
export {
	ACTIVITY_CHUNK,
	ACTIVITY_PREFIX,
	ActivityRepo,
	activityProblem,
	defaultSendSettings,
	type ActivityLoad,
	type SendSettings
} from './activity';
