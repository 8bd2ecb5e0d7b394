import type { Db } from "../../db/create-db.ts";

export type CompetitorNote = {
  id: number;
  shopId: string;
  competitor: string;
  note: string;
  tags: string[];
  url: string | undefined;
  permalink: string | undefined;
  authorId: string;
  createdAt: Date;
};

export type CompetitorStore = {
  create(input: Omit<CompetitorNote, "id">): Promise<CompetitorNote>;
  /** The shop's notes, newest first, at most `limit`. */
  latest(shopId: string, limit: number): Promise<CompetitorNote[]>;
};

export function createCompetitorStore(db: Db): CompetitorStore {
  const { prisma } = db;
  type Row = Awaited<ReturnType<typeof prisma.competitorNote.create>>;
  const toNote = (r: Row): CompetitorNote => ({
    id: r.id,
    shopId: r.shopId,
    competitor: r.competitor,
    note: r.note,
    tags: r.tags.split(" ").filter(Boolean),
    url: r.url ?? undefined,
    permalink: r.permalink ?? undefined,
    authorId: r.authorId,
    createdAt: r.createdAt,
  });
  return {
    async create(input) {
      const row = await prisma.competitorNote.create({
        data: {
          shopId: input.shopId,
          competitor: input.competitor,
          note: input.note,
          tags: input.tags.join(" "),
          url: input.url ?? null,
          permalink: input.permalink ?? null,
          authorId: input.authorId,
          createdAt: input.createdAt,
        },
      });
      return toNote(row);
    },
    async latest(shopId, limit) {
      const rows = await prisma.competitorNote.findMany({
        where: { shopId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map(toNote);
    },
  };
}
