import { bssEndpoint } from "../../provider/bss";
import { observeOrder } from "../../provider/bss/wait";
import { checkInstance } from "../../provider/ddm/instance";
import { extendParam } from "../../provider/ddm/instance/billing";
import type { ClientSettings } from "../../provider/ddm/client";

const base = { name: "orders-ddm", flavor: "ddm.c6.2xlarge.2", nodeNum: 2, availabilityZones: ["az1"], vpcId: "v", subnetId: "s", securityGroupId: "g" };
const reasons = (news: Record<string, unknown>, olds?: Record<string, unknown>) => checkInstance(news, olds).map((f) => f.reason);

test("prePaid needs a period of 1–9 months or 1 year; the billing inputs need prePaid", () => {
  expect(reasons({ ...base, chargingMode: "prePaid", period: 9, periodUnit: "month", autoRenew: true })).toEqual([]);
  expect(reasons({ ...base, chargingMode: "prePaid" })).toEqual(["period is required when chargingMode is prePaid", "periodUnit is required when chargingMode is prePaid"]);
  expect(reasons({ ...base, chargingMode: "prePaid", period: 2, periodUnit: "year" })).toEqual(["period must be 1 when periodUnit is year, got 2"]);
  expect(reasons({ ...base, chargingMode: "monthly" })).toEqual(["chargingMode must be one of postPaid, prePaid"]);
  expect(reasons({ ...base, period: 1, autoRenew: true })).toEqual([
    'period applies to yearly/monthly instances only: set chargingMode to "prePaid", or remove period',
    'autoRenew applies to yearly/monthly instances only: set chargingMode to "prePaid", or remove autoRenew',
  ]);
});

test("the charging mode and the period never change after creation; auto-renew does", () => {
  const prePaid = { ...base, chargingMode: "prePaid", period: 3, periodUnit: "month" };
  expect(reasons({ ...prePaid, autoRenew: true }, prePaid)).toEqual([]);
  expect(reasons(base, prePaid)[0]).toMatch(/^chargingMode cannot change from prePaid to postPaid/);
  expect(reasons(prePaid, base)[0]).toMatch(/^chargingMode cannot change from postPaid to prePaid: no API converts an existing instance/);
  expect(reasons({ ...prePaid, period: 4 }, prePaid)).toEqual([expect.stringMatching(/^period cannot change on an existing instance.*Put back 3/)]);
});

test("the create request's extend_param, and none for pay-per-use", () => {
  expect(extendParam({ ...base, chargingMode: "prePaid", period: 1, periodUnit: "year", autoRenew: true })).toEqual({
    charge_mode: "prePaid",
    period_type: "year",
    period_num: 1,
    is_auto_renew: "true",
    is_auto_pay: "true",
  });
  expect(extendParam(base)).toBeUndefined();
});

test("orders: 5 is done, 2, 3 and 6 are in progress, anything else failed", () => {
  expect(observeOrder({ orderId: "o", status: 5 }).state).toBe("done");
  for (const status of [2, 3, 6]) expect(observeOrder({ orderId: "o", status }).state).toBe("pending");
  expect(observeOrder({ orderId: "o", status: 4 })).toMatchObject({ state: "failed", reason: "order o ended with status 4" });
});

test("the billing endpoint: the cloud's global BSS, the simulator's own URL, or the one named", () => {
  const settings = (endpoint: string) => ({ endpoints: { ddm: endpoint } }) as unknown as ClientSettings;
  expect(bssEndpoint(settings("https://ddm.ap-southeast-1.myhuaweicloud.com"), undefined, {})).toBe("https://bss.myhuaweicloud.com");
  expect(bssEndpoint(settings("https://ddm.eu-west-101.myhuaweicloud.eu"), undefined, {})).toBe("https://bss.myhuaweicloud.eu");
  expect(bssEndpoint(settings("http://127.0.0.1:8080"), undefined, {})).toBe("http://127.0.0.1:8080");
  expect(bssEndpoint(settings("http://127.0.0.1:8080"), { get: () => undefined }, { HW_BSS_ENDPOINT: "https://bss.example/" })).toBe("https://bss.example");
});
