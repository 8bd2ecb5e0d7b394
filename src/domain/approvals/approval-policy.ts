import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Substitute } from "./spend-store.ts";

/** Two different approvers above the shop's `twoApprovalsAbove` (amount in currency units), else one. */
export function requiredApprovals(shop: ShopConfig, amount: number): 1 | 2 {
  return shop.twoApprovalsAbove !== undefined && amount > shop.twoApprovalsAbove ? 2 : 1;
}

/**
 * Whom `userId` decides for: themselves when a configured approver, and every approver who
 * named them substitute (only active substitutes are passed in). Empty: not allowed to decide.
 */
export function approverAuthority(shop: ShopConfig, substitutes: Substitute[], userId: string): string[] {
  const own = shop.approvers.includes(userId) ? [userId] : [];
  const standIns = substitutes
    .filter((s) => s.substituteId === userId && shop.approvers.includes(s.approverId))
    .map((s) => s.approverId);
  return [...new Set([...own, ...standIns])];
}

/** Who should be asked to decide now: each approver, or their active substitute while they are away. */
export function currentDeciders(shop: ShopConfig, substitutes: Substitute[]): string[] {
  return [...new Set(shop.approvers.map((a) => substitutes.find((s) => s.approverId === a)?.substituteId ?? a))];
}
