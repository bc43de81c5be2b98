import { path, pathSegment, UnsafePathSegmentError } from "../../provider/cloud/path";

describe("request paths", () => {
  test("values are encoded as single segments", () => {
    expect(path`/v1/${"p"}/instances/${"a/../../b"}/users/${"x?y#z"}`).toBe("/v1/p/instances/a%2F..%2F..%2Fb/users/x%3Fy%23z");
    expect(pathSegment("名前")).toBe("%E5%90%8D%E5%89%8D");
  });

  test.each(["", ".", "..", "a\u0000b", "line\nbreak"])("%j is refused", (value) => {
    expect(() => pathSegment(value)).toThrow(UnsafePathSegmentError);
  });
});
