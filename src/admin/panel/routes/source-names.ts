import type { Db } from '../../../shared/db/prisma-types.ts';
import type { SourceNames } from '../view-models/ad-rows.ts';

/** Bot and partner names for the source column and filter (a handful of rows each). */
export async function loadSourceNames(db: Db): Promise<SourceNames & { botList: Array<{ id: number; name: string }>; partnerList: Array<{ id: number; name: string }> }> {
  const [bots, partners] = await Promise.all([
    db.telegramBot.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    db.partnerClient.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
  ]);
  return {
    bots: new Map(bots.map((b) => [b.id, b.name])),
    partners: new Map(partners.map((p) => [p.id, p.name])),
    botList: bots,
    partnerList: partners,
  };
}
