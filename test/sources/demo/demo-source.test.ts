import { describe, expect, it } from "vitest";
import type { Observation } from "../../../src/domain/metrics/observation.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { blackFriday, splitWhole } from "../../../src/sources/demo/demo-model.ts";
import { createDemoSource } from "../../../src/sources/demo/demo-source.ts";
import { buildShop } from "../../builders/shop.ts";

const NOW = "2026-11-23T10:30:00Z"; // 11:30 in Warsaw
const shop = buildShop({ id: "demo-shop" });

async function pull(from: string, to: string, granularity: "day" | "hour" = "day", now = NOW, s = shop) {
  const result = await createDemoSource(createFixedClock(now)).pull({ shop: s, range: { from, to }, granularity });
  return result.observations;
}

const pick = (obs: Observation[], metric: string, dimension = "", dimensionValue = "") =>
  obs.filter((o) => o.metric === metric && o.dimension === dimension && o.dimensionValue === dimensionValue);
const sum = (obs: Observation[]) => Math.round(obs.reduce((a, o) => a + o.value, 0) * 100) / 100;
const valueOn = (obs: Observation[], metric: string, bucket: string) =>
  pick(obs, metric).find((o) => o.bucket === bucket)?.value;

describe("demo source", () => {
  it("gives a day the same figures whatever range it is pulled in", async () => {
    const wide = await pull("2026-09-01", "2026-11-20");
    const narrow = await pull("2026-10-10", "2026-10-12");
    const keyed = (obs: Observation[]) =>
      new Map(obs.map((o) => [`${o.bucket}|${o.metric}|${o.dimension}|${o.dimensionValue}`, o.value]));
    const all = keyed(wide);
    for (const [key, value] of keyed(narrow)) expect(all.get(key), key).toBe(value);
    expect(await pull("2026-10-10", "2026-10-12")).toEqual(narrow);
  });

  it("makes different shops look different", async () => {
    const other = await pull("2026-10-10", "2026-10-10", "day", NOW, buildShop({ id: "other-shop" }));
    expect(valueOn(other, "sessions", "2026-10-10")).not.toBe(
      valueOn(await pull("2026-10-10", "2026-10-10"), "sessions", "2026-10-10"),
    );
  });

  it("emits analytics by channel group and ad metrics by platform and campaign, parts adding up to the total", async () => {
    const obs = await pull("2026-11-10", "2026-11-10");
    const channels = obs.filter((o) => o.metric === "sessions" && o.dimension === "channel_group");
    expect(channels.map((o) => o.dimensionValue).sort()).toEqual(
      ["Direct", "Email", "Organic Search", "Paid Search", "Paid Social", "Referral"].sort(),
    );
    expect(sum(channels)).toBe(sum(pick(obs, "sessions")));
    const platforms = obs.filter((o) => o.metric === "cost" && o.dimension === "platform");
    expect(platforms.map((o) => o.dimensionValue)).toEqual(["google-ads", "meta"]);
    expect(sum(platforms)).toBe(sum(pick(obs, "cost")));
    expect(sum(obs.filter((o) => o.metric === "cost" && o.dimension === "campaign"))).toBe(sum(pick(obs, "cost")));
    expect(new Set(obs.map((o) => o.source))).toEqual(new Set(["demo"]));
    expect(pick(obs, "sessions")[0]?.bucketStart).toEqual(new Date("2026-11-09T23:00:00Z"));
  });

  it("has yesterday's checkout take no orders for four afternoon hours while visits go on", async () => {
    const hours = await pull("2026-11-22", "2026-11-22", "hour");
    for (const h of ["13", "14", "15", "16"]) {
      expect(valueOn(hours, "transactions", `2026-11-22T${h}`)).toBe(0);
      expect(valueOn(hours, "purchaseRevenue", `2026-11-22T${h}`)).toBe(0);
      expect(valueOn(hours, "sessions", `2026-11-22T${h}`)).toBeGreaterThan(100);
    }
    expect(valueOn(hours, "transactions", "2026-11-22T12")).toBeGreaterThan(0);
    const day = await pull("2026-11-22", "2026-11-22");
    expect(valueOn(day, "transactions", "2026-11-22")).toBe(sum(pick(hours, "transactions")));
  });

  it("shows a tracking outage six days ago and a spend runaway three days ago", async () => {
    const obs = await pull("2026-11-10", "2026-11-21");
    const sessions = (d: string) => valueOn(obs, "sessions", d)!;
    expect(sessions("2026-11-17")).toBeLessThan(sessions("2026-11-16") * 0.1);
    expect(valueOn(obs, "cost", "2026-11-17")).toBeGreaterThan(valueOn(obs, "cost", "2026-11-16")! * 0.8);
    const runaway = (d: string) =>
      pick(obs, "cost", "campaign", "Advantage+ Shopping").find((o) => o.bucket === d)!.value;
    expect(runaway("2026-11-20")).toBeGreaterThan(runaway("2026-11-19") * 3);
  });

  it("peaks on Black Friday", async () => {
    expect(blackFriday(2026)).toBe("2026-11-27");
    expect(blackFriday(2025)).toBe("2025-11-28");
    const obs = await pull("2025-11-14", "2025-11-28");
    expect(valueOn(obs, "purchaseRevenue", "2025-11-28")).toBeGreaterThan(
      valueOn(obs, "purchaseRevenue", "2025-11-14")! * 2,
    );
  });

  it("stops at the last complete hour and has nothing after today", async () => {
    const hours = await pull("2026-11-23", "2026-11-30", "hour");
    expect(
      pick(hours, "sessions")
        .map((o) => o.bucket)
        .at(-1),
    ).toBe("2026-11-23T10");
    const days = await pull("2026-11-22", "2026-11-30");
    expect(pick(days, "sessions").map((o) => o.bucket)).toEqual(["2026-11-22", "2026-11-23"]);
  });

  it("has 23 local hours on the spring DST day and 25 real hours in 24 buckets on the autumn one", async () => {
    const spring = pick(await pull("2026-03-29", "2026-03-29", "hour"), "sessions");
    expect(spring).toHaveLength(23);
    expect(spring.map((o) => o.bucket)).not.toContain("2026-03-29T02");
    expect(spring.find((o) => o.bucket === "2026-03-29T03")?.bucketStart).toEqual(new Date("2026-03-29T01:00:00Z"));

    const autumnHours = pick(await pull("2026-10-25", "2026-10-25", "hour"), "sessions");
    expect(autumnHours).toHaveLength(24);
    // 02:00 happens twice (CEST, then CET): one bucket, starting at the first.
    expect(autumnHours.find((o) => o.bucket === "2026-10-25T02")?.bucketStart).toEqual(
      new Date("2026-10-25T00:00:00Z"),
    );
    expect(autumnHours.find((o) => o.bucket === "2026-10-25T03")?.bucketStart).toEqual(
      new Date("2026-10-25T02:00:00Z"),
    );
    const autumnDay = pick(await pull("2026-10-25", "2026-10-25"), "sessions");
    expect(sum(autumnHours)).toBe(autumnDay[0]?.value);
  });

  it("buckets a Warsaw day from 23:00 UTC the evening before, a UTC day from midnight", async () => {
    const warsaw = pick(await pull("2026-11-21", "2026-11-21", "hour"), "sessions");
    expect(warsaw[0]).toMatchObject({ bucket: "2026-11-21T00", bucketStart: new Date("2026-11-20T23:00:00Z") });
    const utcShop = buildShop({ id: "demo-shop", timezone: "UTC" });
    const utc = pick(await pull("2026-11-21", "2026-11-21", "hour", NOW, utcShop), "sessions");
    expect(utc[0]).toMatchObject({ bucket: "2026-11-21T00", bucketStart: new Date("2026-11-21T00:00:00Z") });
  });

  it("splits whole amounts so the parts add up exactly", () => {
    expect(splitWhole(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitWhole(0, [1, 2])).toEqual([0, 0]);
    expect(splitWhole(7, [0.5, 0.25, 0.25]).reduce((a, b) => a + b)).toBe(7);
  });
});
