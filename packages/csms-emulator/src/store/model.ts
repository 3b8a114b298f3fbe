/**
 * The emulator's state, as plain JSON-serialisable data. Times are epoch milliseconds at second precision,
 * exactly as they travel on the wire. Field names of wire objects are the wire's own (snake_case).
 */

export const SECRET_STATES = ['ENABLED', 'DISABLED', 'PENDING_DELETE', 'FROZEN'] as const;
export type SecretState = (typeof SECRET_STATES)[number];

export const SECRET_TYPES = ['COMMON', 'RDS-FG', 'GaussDB-FG'] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

export const EVENT_TYPES = [
  'SECRET_VERSION_CREATED',
  'SECRET_VERSION_EXPIRED',
  'SECRET_ROTATED',
  'SECRET_DELETED',
  'SECRET_ROTATED_FAILED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface StoredVersion {
  /** `v1`, `v2`, ... numbered per secret, never reused. */
  id: string;
  create_time: number;
  /** null when the version has no expiry. */
  expire_time: number | null;
  kms_key_id: string;
  /** Exactly one of the two values is set. Never returned except by ShowSecretVersion. */
  secret_string?: string;
  secret_binary?: string;
  /**
   * The expire_time for which the one "version expired" notification has already been written, or null
   * when none has fired since expire_time was last set. Re-armed by every UpdateVersion.
   */
  expiry_notified_for: number | null;
}

export interface StoredStage {
  version_id: string;
  update_time: number;
}

export interface StoredSecret {
  id: string;
  name: string;
  state: SecretState;
  kms_key_id: string;
  description: string;
  create_time: number;
  update_time: number;
  scheduled_delete_time: number | null;
  secret_type: SecretType;
  auto_rotation: boolean;
  rotation_period?: string;
  rotation_config?: string;
  rotation_time?: number;
  next_rotation_time?: number;
  event_subscriptions: string[];
  enterprise_project_id: string;
  rotation_func_urn?: string;
  /** Ascending by version number. */
  versions: StoredVersion[];
  /** Next number to hand out (`v${next_version}`). */
  next_version: number;
  /** Stage name -> the one version it sits on. */
  stages: Record<string, StoredStage>;
}

export interface StoredNotification {
  target_type: 'SMN';
  target_id: string;
  target_name: string;
}

export interface StoredEvent {
  name: string;
  event_id: string;
  event_types: EventType[];
  state: 'ENABLED' | 'DISABLED';
  create_time: number;
  update_time: number;
  notification: StoredNotification;
}

export interface StoredNotificationRecord {
  event_name: string;
  trigger_event_type: EventType;
  create_time: number;
  secret_name: string;
  secret_type: SecretType;
  notification_target_name: string;
  notification_target_id: string;
  /** A JSON string (docs/csms-api.md §9), ISO-8601 times inside. */
  notification_content: string;
  notification_status: 'SUCCESS' | 'FAIL' | 'INVALID';
}

export interface ProjectState {
  /** Keyed by secret name. */
  secrets: Record<string, StoredSecret>;
  /** Keyed by event name. */
  events: Record<string, StoredEvent>;
  /** Oldest first. */
  records: StoredNotificationRecord[];
}

export interface EmulatorState {
  schema: 1;
  /** Keyed by project id. */
  projects: Record<string, ProjectState>;
}

export const emptyProject = (): ProjectState => ({ secrets: {}, events: {}, records: [] });

/** An IAM token the emulator issued (`POST /v3/auth/tokens`), honoured until `expires_at` by the emulator clock. */
export interface StoredToken {
  user_id: string;
  user_name: string;
  domain_id: string;
  domain_name: string;
  project_id: string;
  issued_at: number;
  expires_at: number;
  /** The user's IAM action allow-list when the token was issued; null = every action. */
  actions: string[] | null;
}

/** An AK/SK pair the gateway accepts. With `securityToken` it is a temporary (STS) credential. */
export interface AccessKeyCredential {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  /** IAM actions allowed (`csms:secret:updateVersion`, globs like `csms:secret:*`); absent = all. */
  actions?: string[];
}

/** An IAM user that can obtain tokens by password. */
export interface IamUser {
  domain: string;
  domainId: string;
  user: string;
  userId: string;
  password: string;
  actions?: string[];
}

/** Who the emulator is: kept in the data file so a persistent emulator keeps its project and keys. */
export interface EmulatorIdentity {
  projectId: string;
  region: string;
  credentials: AccessKeyCredential[];
  iamUsers: IamUser[];
}

/** Everything the data file holds. */
export interface PersistedDocument {
  state: EmulatorState;
  tokens: Record<string, StoredToken>;
  identity: EmulatorIdentity | null;
}
