import assert from "node:assert/strict";
import {
  HASH_SCHEME,
  hashPassword,
  PBKDF2_ITERATIONS,
  timingSafeEqual,
  verifyPassword,
} from "@/lib/auth/password.ts";
import { lowCostHash } from "@/lib/auth/_testing.ts";

Deno.test("hashPassword() writes pbkdf2-sha256$600000$salt$hash with a fresh 16-byte salt", async () => {
  assert.equal(PBKDF2_ITERATIONS, 600_000);
  const [a, b] = await Promise.all([
    hashPassword("correct horse"),
    hashPassword("correct horse"),
  ]);
  for (const stored of [a, b]) {
    const parts = stored.split("$");
    assert.equal(parts.length, 4);
    assert.equal(parts[0], HASH_SCHEME);
    assert.equal(parts[1], "600000");
    assert.equal(Uint8Array.fromBase64(parts[2]).length, 16);
    assert.equal(Uint8Array.fromBase64(parts[3]).length, 32);
  }
  assert.notEqual(a, b, "two hashes of one password differ by their salt");
  assert.equal(await verifyPassword("correct horse", a), true);
  assert.equal(await verifyPassword("correct horsf", a), false);
  assert.equal(await verifyPassword("", a), false);
});

Deno.test("verifyPassword() uses the iteration count recorded in the hash", async () => {
  const stored = await lowCostHash("s3cret-pass", 1_000);
  assert.equal(await verifyPassword("s3cret-pass", stored), true);
  assert.equal(await verifyPassword("s3cret-pasS", stored), false);
  const otherCount = stored.replace("$1000$", "$1001$");
  assert.equal(await verifyPassword("s3cret-pass", otherCount), false);
});

Deno.test("verifyPassword() rejects a tampered hash or salt", async () => {
  const stored = await lowCostHash("s3cret-pass");
  const [scheme, iterations, salt, hash] = stored.split("$");
  const flip = (b64: string) => {
    const bytes = Uint8Array.fromBase64(b64);
    bytes[bytes.length - 1] ^= 1;
    return bytes.toBase64();
  };
  assert.equal(
    await verifyPassword(
      "s3cret-pass",
      [scheme, iterations, salt, flip(hash)].join("$"),
    ),
    false,
  );
  assert.equal(
    await verifyPassword(
      "s3cret-pass",
      [scheme, iterations, flip(salt), hash].join("$"),
    ),
    false,
  );
});

Deno.test("verifyPassword() returns false for malformed stored hashes and never throws", async () => {
  const good = await lowCostHash("pw-123456");
  const [, , salt, hash] = good.split("$");
  const malformed: unknown[] = [
    "",
    "plain-text-password",
    "pbkdf2-sha256",
    "pbkdf2-sha256$1000$" + salt,
    `pbkdf2-sha1$1000$${salt}$${hash}`,
    `bcrypt$1000$${salt}$${hash}`,
    `pbkdf2-sha256$abc$${salt}$${hash}`,
    `pbkdf2-sha256$-1000$${salt}$${hash}`,
    `pbkdf2-sha256$0$${salt}$${hash}`,
    `pbkdf2-sha256$10$${salt}$${hash}`,
    `pbkdf2-sha256$999999999$${salt}$${hash}`,
    `pbkdf2-sha256$1000$${salt}$${hash}$extra`,
    `pbkdf2-sha256$1000$$${hash}`,
    `pbkdf2-sha256$1000$${salt}$`,
    `pbkdf2-sha256$1000$not base64!$${hash}`,
    `pbkdf2-sha256$1000$${salt}$${hash.slice(0, 20)}`,
    `pbkdf2-sha256$1000$${salt}$${new Uint8Array(64).toBase64()}`,
    null,
    undefined,
    42,
  ];
  for (const stored of malformed) {
    assert.equal(
      await verifyPassword("pw-123456", stored as string),
      false,
      String(stored),
    );
  }
  assert.equal(
    await verifyPassword(undefined as unknown as string, good),
    false,
  );
});

Deno.test("verifyPassword() matches the same text in composed and decomposed Unicode", async () => {
  const stored = await lowCostHash("caf\u00e9-cr\u00e8me");
  assert.equal(await verifyPassword("cafe\u0301-cre\u0300me", stored), true);
});

Deno.test("timingSafeEqual() compares every byte and the lengths", () => {
  const a = new Uint8Array([1, 2, 3, 4]);
  assert.equal(timingSafeEqual(a, new Uint8Array([1, 2, 3, 4])), true);
  assert.equal(timingSafeEqual(a, new Uint8Array([1, 2, 3, 5])), false);
  assert.equal(timingSafeEqual(a, new Uint8Array([0, 2, 3, 4])), false);
  assert.equal(timingSafeEqual(a, new Uint8Array([1, 2, 3])), false);
  assert.equal(timingSafeEqual(a, new Uint8Array([1, 2, 3, 4, 0])), false);
  assert.equal(timingSafeEqual(new Uint8Array(), new Uint8Array()), true);
});
