import { openTestDatabase } from "@/tests/_db.ts";
import assert from "node:assert/strict";
import { TooManyRequestsError, UnauthorizedError } from "@/lib/errors.ts";
import { authenticate, createUser, type User } from "@/lib/auth/users.ts";
import {
  ACCOUNT_FAILURE_LIMIT,
  ADDRESS_FAILURE_LIMIT,
  addressKey,
  assertLoginAllowed,
  clearAccountFailures,
  pruneLoginThrottle,
  recordLoginFailure,
  THROTTLE_WINDOW_SECONDS,
} from "@/lib/auth/throttle.ts";
import { lowCostHash } from "@/lib/auth/_testing.ts";

const PASSWORD = "right-password";

Deno.test("login throttling", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    // Three accounts, created once. Their hashes are then rewritten at 1,000
    // iterations so that tests signing in dozens of times stay fast;
    // verifyPassword reads the count from the hash.
    const users: User[] = [];
    for (const name of ["alice", "bob", "carol"]) {
      users.push(
        await createUser(db, {
          email: `${name}@school.test`,
          password: PASSWORD,
          username: name,
          role: "student",
        }),
      );
    }
    for (const user of users) {
      await db.query("UPDATE users SET password_hash = $2 WHERE id = $1", [
        user.id,
        await lowCostHash(PASSWORD),
      ]);
    }
    const [alice, bob, carol] = users;
    const signIn = (user: User, address: string, password = PASSWORD) =>
      authenticate(db, { email: user.email, password, address });
    const failures = async (scope: string, key: string) => {
      const [row] = await db.query<{ failures: number }>(
        "SELECT failures FROM login_throttle WHERE scope = $1 AND key = $2",
        [scope, key],
      );
      return row ? Number(row.failures) : 0;
    };
    const ageWindows = (seconds: number) =>
      db.query(
        "UPDATE login_throttle SET window_started_at = window_started_at - make_interval(secs => $1)",
        [seconds],
      );

    await t.step(
      "the limits are 5 per account and 50 per address in 15 minutes",
      () => {
        assert.equal(ACCOUNT_FAILURE_LIMIT, 5);
        assert.equal(ADDRESS_FAILURE_LIMIT, 50);
        assert.equal(THROTTLE_WINDOW_SECONDS, 900);
      },
    );

    await t.step(
      "5 failures lock the account, even for the right password",
      async () => {
        for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
          await assert.rejects(
            signIn(alice, "198.51.100.1", "wrong"),
            UnauthorizedError,
          );
        }
        assert.equal(await failures("account", "alice@school.test"), 5);
        await assert.rejects(signIn(alice, "198.51.100.1"), (err) => {
          assert.ok(err instanceof TooManyRequestsError);
          assert.ok(
            err.retryAfter > THROTTLE_WINDOW_SECONDS - 60,
            String(err.retryAfter),
          );
          assert.ok(
            err.retryAfter <= THROTTLE_WINDOW_SECONDS,
            String(err.retryAfter),
          );
          assert.equal(
            err.message,
            "Too many failed sign-in attempts: try again in 15 minutes",
          );
          return true;
        });
        // From another address too: the lock is on the account.
        await assert.rejects(signIn(alice, "192.0.2.77"), TooManyRequestsError);
        // Refusals are not failures: they do not extend the lock.
        assert.equal(await failures("account", "alice@school.test"), 5);
      },
    );

    await t.step(
      "a locked account does not affect another account from the same address",
      async () => {
        assert.equal((await signIn(bob, "198.51.100.1")).id, bob.id);
      },
    );

    await t.step(
      "the lock ends with the window, and the next failure starts a new window",
      async () => {
        await ageWindows(THROTTLE_WINDOW_SECONDS - 30);
        await assert.rejects(signIn(alice, "198.51.100.1"), (err) => {
          assert.ok(err instanceof TooManyRequestsError);
          assert.ok(
            err.retryAfter > 0 && err.retryAfter <= 30,
            String(err.retryAfter),
          );
          assert.equal(
            err.message,
            "Too many failed sign-in attempts: try again in 1 minute",
          );
          return true;
        });
        await ageWindows(31);
        await assertLoginAllowed(db, alice.email, "198.51.100.1");
        await recordLoginFailure(db, alice.email, "198.51.100.1");
        assert.equal(await failures("account", "alice@school.test"), 1);
        const [row] = await db.query<{ fresh: boolean }>(
          `SELECT window_started_at > now() - interval '1 minute' AS fresh
           FROM login_throttle WHERE scope = 'account' AND key = 'alice@school.test'`,
        );
        assert.equal(row.fresh, true);
        assert.equal((await signIn(alice, "198.51.100.1")).id, alice.id);
      },
    );

    await t.step(
      "a success clears the account's failures but not the address's",
      async () => {
        const address = "198.51.100.2";
        for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) {
          await assert.rejects(
            signIn(carol, address, "wrong"),
            UnauthorizedError,
          );
        }
        await signIn(carol, address);
        assert.equal(await failures("account", "carol@school.test"), 0);
        assert.equal(
          await failures("address", address),
          ACCOUNT_FAILURE_LIMIT - 1,
        );
        for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) {
          await assert.rejects(
            signIn(carol, address, "wrong"),
            UnauthorizedError,
          );
        }
        assert.equal((await signIn(carol, address)).id, carol.id);
      },
    );

    await t.step(
      "60 successful sign-ins from one address are never refused",
      async () => {
        const nat = "198.51.100.3";
        // The school's address already has failures just under its limit.
        for (let i = 0; i < ADDRESS_FAILURE_LIMIT - 1; i++) {
          await recordLoginFailure(db, `typo${i}@school.test`, nat);
        }
        for (let i = 0; i < 60; i++) {
          const user = users[i % users.length];
          assert.equal((await signIn(user, nat)).id, user.id);
        }
        assert.equal(await failures("address", nat), ADDRESS_FAILURE_LIMIT - 1);
      },
    );

    await t.step(
      "50 failures lock the address, for every account, and no other address",
      async () => {
        const address = "203.0.113.50";
        // Concurrent failures are all counted: the upsert is atomic.
        await Promise.all(
          Array.from(
            { length: ADDRESS_FAILURE_LIMIT },
            (_, i) => recordLoginFailure(db, `guess${i}@school.test`, address),
          ),
        );
        assert.equal(await failures("address", address), ADDRESS_FAILURE_LIMIT);
        await assert.rejects(signIn(bob, address), TooManyRequestsError);
        await assert.rejects(
          authenticate(db, {
            email: "new@school.test",
            password: "x",
            address,
          }),
          TooManyRequestsError,
        );
        assert.equal((await signIn(bob, "203.0.113.51")).id, bob.id);
      },
    );

    await t.step(
      "concurrent failures on one account are all counted",
      async () => {
        await Promise.all(
          Array.from(
            { length: 20 },
            () => recordLoginFailure(db, "Dave@School.test ", "192.0.2.1"),
          ),
        );
        assert.equal(await failures("account", "dave@school.test"), 20);
        await assert.rejects(
          assertLoginAllowed(db, "dave@school.test", "192.0.2.99"),
          TooManyRequestsError,
        );
        await clearAccountFailures(db, "DAVE@school.test");
        await assertLoginAllowed(db, "dave@school.test", "192.0.2.99");
      },
    );

    await t.step("an unknown email is locked like a real one", async () => {
      for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
        await recordLoginFailure(db, "ghost@school.test", `192.0.2.${100 + i}`);
      }
      await assert.rejects(
        assertLoginAllowed(db, "ghost@school.test", "192.0.2.200"),
        TooManyRequestsError,
      );
    });

    await t.step(
      "pruneLoginThrottle() deletes only counters whose window has ended",
      async () => {
        const before = (await db.query("SELECT 1 FROM login_throttle")).length;
        await recordLoginFailure(db, "old@school.test", "192.0.2.250");
        await db.query(
          `UPDATE login_throttle SET window_started_at = now() - interval '16 minutes'
          WHERE key IN ('old@school.test', '192.0.2.250')`,
        );
        assert.equal(await pruneLoginThrottle(db), 2);
        assert.equal(
          (await db.query("SELECT 1 FROM login_throttle")).length,
          before,
        );
      },
    );
  } finally {
    await close();
  }
});

Deno.test("addressKey() keeps IPv4 and groups IPv6 by /64", () => {
  assert.equal(addressKey("203.0.113.9"), "203.0.113.9");
  assert.equal(addressKey("::ffff:203.0.113.9"), "203.0.113.9");
  assert.equal(addressKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  assert.equal(addressKey("2001:DB8:1:2::ffff"), "2001:db8:1:2::/64");
  assert.equal(addressKey("[2001:0db8:0001:0002::1]"), "2001:db8:1:2::/64");
  assert.equal(addressKey("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(addressKey("fe80::1%eth0"), "fe80:0:0:0::/64");
  assert.equal(addressKey("::1"), "0:0:0:0::/64");
  assert.equal(addressKey("not:an:address::x"), "not:an:address::x");
});
