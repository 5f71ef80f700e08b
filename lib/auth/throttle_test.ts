import { openTestDatabase } from "@/tests/_db.ts";
import assert from "node:assert/strict";
import { TooManyRequestsError, UnauthorizedError } from "@/lib/errors.ts";
import { authenticate, createUser, type User } from "@/lib/auth/users.ts";
import {
  ACCOUNT_FAILURE_LIMIT,
  ACCOUNT_WINDOW_SECONDS,
  ADDRESS_FAILURE_LIMIT,
  ADDRESS_WINDOW_SECONDS,
  addressKey,
  claimLoginAttempt,
  claimRegistration,
  KNOWN_ADDRESS_SECONDS,
  PAIR_FAILURE_LIMIT,
  PAIR_WINDOW_SECONDS,
  pairKey,
  pruneLoginThrottle,
  REGISTRATION_LIMIT,
} from "@/lib/auth/throttle.ts";
import {
  HASH_CONCURRENCY,
  HASH_QUEUE_LIMIT,
  hashStats,
  inHashPool,
} from "@/lib/auth/hash_pool.ts";
import { lowCostHash } from "@/lib/auth/_testing.ts";

const PASSWORD = "right-password-42";

Deno.test("login throttling", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    // Accounts created once; their hashes are then rewritten at 1,000
    // iterations so that tests signing in dozens of times stay fast
    // (verifyPassword reads the count from the hash).
    const user = async (name: string) => {
      const created = await createUser(db, {
        email: `${name}@school.test`,
        password: PASSWORD,
        username: name,
        role: "student",
      });
      await db.query("UPDATE users SET password_hash = $2 WHERE id = $1", [
        created.id,
        await lowCostHash(PASSWORD),
      ]);
      return created;
    };
    const [alice, bob, carol, dave, erin] = await Promise.all(
      ["alice", "bob", "carol", "dave", "erin"].map(user),
    );
    const signIn = (who: User, address: string, password = PASSWORD) =>
      authenticate(db, { email: who.email, password, address });
    const attempts = async (scope: string, key: string) => {
      const [row] = await db.query<{ attempts: number }>(
        "SELECT failures AS attempts FROM login_throttle WHERE scope = $1 AND key = $2",
        [scope, key],
      );
      return row ? Number(row.attempts) : 0;
    };
    const fail = async (who: User, address: string, times: number) => {
      for (let i = 0; i < times; i++) {
        await assert.rejects(signIn(who, address, "wrong"), UnauthorizedError);
      }
    };
    const ageWindows = (seconds: number) =>
      db.query(
        `UPDATE login_throttle
            SET window_started_at = window_started_at - make_interval(secs => $1)`,
        [seconds],
      );

    await t.step("the limits and windows are the documented ones", () => {
      assert.equal(PAIR_FAILURE_LIMIT, 5);
      assert.equal(PAIR_WINDOW_SECONDS, 15 * 60);
      assert.equal(ACCOUNT_FAILURE_LIMIT, 100);
      assert.equal(ACCOUNT_WINDOW_SECONDS, 24 * 60 * 60);
      assert.equal(ADDRESS_FAILURE_LIMIT, 200);
      assert.equal(ADDRESS_WINDOW_SECONDS, 15 * 60);
      assert.equal(KNOWN_ADDRESS_SECONDS, 30 * 24 * 60 * 60);
      assert.equal(REGISTRATION_LIMIT, 30);
    });

    await t.step(
      "a 50-wide parallel burst of wrong passwords checks at most 5 of them",
      async () => {
        const before = hashStats().computed;
        const results = await Promise.allSettled(
          Array.from(
            { length: 50 },
            (_, i) => signIn(erin, "203.0.113.7", `guess-${i}`),
          ),
        );
        const checked = hashStats().computed - before;
        const wrong = results.filter((r) =>
          r.status === "rejected" && r.reason instanceof UnauthorizedError
        ).length;
        const refused = results.filter((r) =>
          r.status === "rejected" && r.reason instanceof TooManyRequestsError
        ).length;
        assert.equal(checked, PAIR_FAILURE_LIMIT);
        assert.equal(wrong, PAIR_FAILURE_LIMIT);
        assert.equal(refused, 50 - PAIR_FAILURE_LIMIT);
        // Refused attempts were given back: only the checked ones count.
        assert.equal(
          await attempts("pair", pairKey(erin.email, "203.0.113.7")),
          PAIR_FAILURE_LIMIT,
        );
        assert.equal(
          await attempts("account", erin.email),
          PAIR_FAILURE_LIMIT,
        );
        // The right password from that address is refused too.
        await assert.rejects(
          signIn(erin, "203.0.113.7"),
          TooManyRequestsError,
        );
      },
    );

    await t.step(
      "parallel sign-ins, failures and refusals over shared accounts and addresses never deadlock",
      async () => {
        const people = await Promise.all(
          ["ivy", "jon", "kim"].map(user),
        );
        const results = await Promise.allSettled(
          Array.from({ length: 150 }, (_, i) =>
            signIn(
              people[i % 3],
              `192.0.2.${160 + (i % 2)}`,
              i % 7 === 0 ? PASSWORD : `wrong-${i}`,
            )),
        );
        for (const result of results) {
          if (result.status === "fulfilled") {
            continue;
          }
          assert.ok(
            result.reason instanceof UnauthorizedError ||
              result.reason instanceof TooManyRequestsError,
            String(result.reason),
          );
        }
      },
    );

    await t.step(
      "an attempt refused because the hashing pool is full is given back",
      async () => {
        const address = "192.0.2.170";
        let release!: () => void;
        const gate = new Promise<void>((resolve) =>
          release = resolve
        );
        const held = Array.from(
          { length: HASH_CONCURRENCY + HASH_QUEUE_LIMIT },
          () => inHashPool(() => gate),
        );
        try {
          await assert.rejects(
            signIn(bob, address, "wrong"),
            (err) =>
              err instanceof TooManyRequestsError && err.retryAfter === 1,
          );
        } finally {
          release();
          await Promise.all(held);
        }
        assert.equal(await attempts("pair", pairKey(bob.email, address)), 0);
        assert.equal(await attempts("address", address), 0);
      },
    );

    await t.step(
      "5 wrong passwords lock the pair, even for the right password, but not the owner elsewhere",
      async () => {
        await fail(alice, "198.51.100.1", PAIR_FAILURE_LIMIT);
        await assert.rejects(signIn(alice, "198.51.100.1"), (err) => {
          assert.ok(err instanceof TooManyRequestsError);
          assert.ok(err.retryAfter > PAIR_WINDOW_SECONDS - 60);
          assert.ok(err.retryAfter <= PAIR_WINDOW_SECONDS);
          assert.equal(
            err.message,
            "Too many failed sign-in attempts: try again in 15 minutes",
          );
          return true;
        });
        // The owner, on another address, signs in.
        assert.equal((await signIn(alice, "192.0.2.10")).id, alice.id);
        // Another account from the attacker's address is not affected.
        assert.equal((await signIn(bob, "198.51.100.1")).id, bob.id);
      },
    );

    await t.step(
      "the pair lock ends with its window, and the next failure starts a new one",
      async () => {
        await ageWindows(PAIR_WINDOW_SECONDS - 30);
        await assert.rejects(signIn(alice, "198.51.100.1"), (err) => {
          assert.ok(err instanceof TooManyRequestsError);
          assert.ok(err.retryAfter > 0 && err.retryAfter <= 30);
          assert.equal(
            err.message,
            "Too many failed sign-in attempts: try again in 1 minute",
          );
          return true;
        });
        await ageWindows(31);
        await fail(alice, "198.51.100.1", 1);
        assert.equal(
          await attempts("pair", pairKey(alice.email, "198.51.100.1")),
          1,
        );
        assert.equal((await signIn(alice, "198.51.100.1")).id, alice.id);
      },
    );

    await t.step(
      "a right password clears the pair and gives its attempt back to the account and address",
      async () => {
        const address = "198.51.100.2";
        await fail(carol, address, PAIR_FAILURE_LIMIT - 1);
        const account = await attempts("account", carol.email);
        const fromAddress = await attempts("address", address);
        await signIn(carol, address);
        assert.equal(await attempts("pair", pairKey(carol.email, address)), 0);
        assert.equal(await attempts("account", carol.email), account);
        assert.equal(await attempts("address", address), fromAddress);
        await fail(carol, address, PAIR_FAILURE_LIMIT - 1);
        assert.equal((await signIn(carol, address)).id, carol.id);
      },
    );

    await t.step(
      "failures spread over many addresses reach the account ceiling, which spares the owner's known address",
      async () => {
        const home = "192.0.2.50";
        await signIn(dave, home);
        // 25 attackers, 4 wrong guesses each: no pair is locked.
        for (let a = 0; a < ACCOUNT_FAILURE_LIMIT / 4; a++) {
          await fail(dave, `10.9.${a}.1`, 4);
        }
        assert.equal(await attempts("account", dave.email), 100);
        await assert.rejects(
          signIn(dave, "10.9.200.1"),
          (err) => {
            assert.ok(err instanceof TooManyRequestsError);
            assert.ok(err.retryAfter > ACCOUNT_WINDOW_SECONDS - 60);
            assert.match(err.message, /try again in 24 hours$/);
            return true;
          },
        );
        assert.equal((await signIn(dave, home)).id, dave.id);
        assert.equal(await attempts("account", dave.email), 100);
      },
    );

    await t.step(
      "50 failures at a shared address refuse nobody's right password",
      async () => {
        const school = "198.51.100.3";
        // Ten classmates mistype their password five times each.
        const classmates = await Promise.all(
          Array.from({ length: 10 }, (_, i) => user(`typo${i}`)),
        );
        for (const classmate of classmates) {
          await fail(classmate, school, 5);
        }
        assert.equal(await attempts("address", school), 50);
        for (const who of [alice, bob, carol]) {
          assert.equal((await signIn(who, school)).id, who.id);
        }
      },
    );

    await t.step(
      "past the address ceiling only accounts that know the address get in",
      async () => {
        const school = "198.51.100.4";
        await signIn(bob, school);
        await db.query(
          `INSERT INTO login_throttle (scope, key, failures, window_seconds)
           VALUES ('address', $1, $2, 600)
           ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures`,
          [school, ADDRESS_FAILURE_LIMIT],
        );
        await assert.rejects(signIn(carol, school), TooManyRequestsError);
        assert.equal((await signIn(bob, school)).id, bob.id);
        assert.equal(await attempts("address", school), ADDRESS_FAILURE_LIMIT);
      },
    );

    await t.step("an unknown email is throttled like a real one", async () => {
      for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
        await assert.rejects(
          authenticate(db, {
            email: "ghost@school.test",
            password: "x",
            address: "192.0.2.99",
          }),
          UnauthorizedError,
        );
      }
      await assert.rejects(
        claimLoginAttempt(db, " GHOST@school.test", "192.0.2.99"),
        TooManyRequestsError,
      );
    });

    await t.step(
      "registrations from one address are limited to 30 an hour",
      async () => {
        const address = "2001:db8:5:5::1";
        await Promise.all(
          Array.from(
            { length: REGISTRATION_LIMIT },
            () => claimRegistration(db, address),
          ),
        );
        await assert.rejects(
          claimRegistration(db, "2001:db8:5:5::2"),
          (err) => {
            assert.ok(err instanceof TooManyRequestsError);
            assert.equal(
              err.message,
              "Too many accounts created from your network: try again in 60 minutes",
            );
            return true;
          },
        );
        await claimRegistration(db, "2001:db8:5:6::1");
      },
    );

    await t.step(
      "pruneLoginThrottle() deletes only counters whose window has ended",
      async () => {
        await assert.rejects(
          authenticate(db, {
            email: "old@school.test",
            password: "x",
            address: "192.0.2.250",
          }),
          UnauthorizedError,
        );
        const keys = [
          "old@school.test",
          "192.0.2.250",
          pairKey("old@school.test", "192.0.2.250"),
        ];
        const live = async () =>
          (await db.query(
            `SELECT 1 FROM login_throttle
              WHERE window_started_at + make_interval(secs => window_seconds) > now()`,
          )).length;
        const before = await live();
        await db.query(
          `UPDATE login_throttle SET window_started_at = now() - interval '31 days'
            WHERE key = ANY($1::text[])`,
          [keys],
        );
        assert.ok(await pruneLoginThrottle(db) >= 3);
        assert.equal(
          (await db.query("SELECT 1 FROM login_throttle")).length,
          before - 3,
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
