import { describe, expect, it } from "vitest";
import { createGroupCommit } from "../../src/shared/group-commit.ts";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A write the test finishes by hand, recording each batch it was given. */
function controlledWrite() {
  const batches: number[][] = [];
  const pending: Array<{ resolve(): void; reject(error: Error): void }> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      pending.push({ resolve, reject });
    });
  const settle = async (outcome: "ok" | Error) => {
    const next = pending.shift();
    if (!next) throw new Error("no write in flight");
    if (outcome === "ok") next.resolve();
    else next.reject(outcome);
    await nextTurn();
  };
  return { write, batches, settle };
}

describe("group commit", () => {
  it("writes the items of one turn together at its end, and those added during the write in the next one", async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write);
    const done: number[] = [];
    const track = (n: number) => add(n).then(() => done.push(n));
    const firstTurn = [track(1), track(2), track(3)];
    expect(w.batches).toEqual([]);
    await nextTurn();
    expect(w.batches).toEqual([[1, 2, 3]]);
    const meanwhile = [track(4), track(5)];
    await w.settle("ok");
    expect(done).toEqual([1, 2, 3]);
    expect(w.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    await w.settle("ok");
    await Promise.all([...firstTurn, ...meanwhile]);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it("rejects only the items of a failed write; later items get a write of their own", async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write);
    const failed = [1, 2].map((n) => expect(add(n)).rejects.toThrow("database gone"));
    await nextTurn();
    const third = add(3);
    await w.settle(new Error("database gone"));
    await Promise.all(failed);
    expect(w.batches).toEqual([[1, 2], [3]]);
    await w.settle("ok");
    await expect(third).resolves.toBeUndefined();
  });

  it("starts again with a write of its own once idle", async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write);
    const first = add(1);
    await nextTurn();
    await w.settle("ok");
    await first;
    const second = add(2);
    await nextTurn();
    expect(w.batches).toEqual([[1], [2]]);
    await w.settle("ok");
    await second;
  });
});
