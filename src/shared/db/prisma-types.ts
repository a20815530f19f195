// The one place that names the generated client's types. Both providers are generated from the
// same models (prisma/schema.prisma), so the SQLite client's types describe either database.
import type { PrismaClient } from '../../generated/sqlite/client.ts';

export type {
  PrismaClient as Db,
  Prisma,
  Category,
  Ad,
  AdEvent,
  AdPhoto,
  ModerationResult,
  TelegramBot,
  TelegramUser,
  Conversation,
  InboxUpdate,
  Job,
  Delivery,
  StaffUser,
  StaffSession,
  StaffToken,
  PartnerClient,
  Setting,
  Media,
  AuditLog,
  Lease,
  Broadcast,
  BroadcastRecipient,
} from '../../generated/sqlite/client.ts';

/** A client usable inside `db.$transaction(async (tx) => …)`. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
