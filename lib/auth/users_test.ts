import { openTestDatabase } from "@/tests/_db.ts";
import assert from "node:assert/strict";
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  UnauthorizedError,
} from "@/lib/errors.ts";
import { registerSchema } from "@/lib/auth/schemas.ts";
import { accountKey } from "@/lib/auth/throttle.ts";
import {
  authenticate,
  canonicalTimeZone,
  createUser,
  getUserByEmail,
  getUserById,
  updateLocale,
  updateTimeZone,
} from "@/lib/auth/users.ts";

const PASSWORD = "lesson-plan-42";

Deno.test("users", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    // Input as the edge hands it over: validated by registerSchema.
    const register = (input: Record<string, unknown>) =>
      createUser(db, registerSchema.parse(input));
    const ada = await register({
      email: "  Ada.Lovelace@Example.TEST ",
      password: PASSWORD,
      username: " Ada ",
      role: "teacher",
      time_zone: "europe/london",
    });

    await t.step(
      "createUser() stores the email as normalizeEmail() spells it and never returns the hash",
      async () => {
        assert.equal(ada.email, "ada.lovelace@example.test");
        assert.equal(ada.username, "Ada");
        assert.equal(ada.role, "teacher");
        assert.equal(ada.time_zone, "Europe/London");
        assert.ok(ada.created_at instanceof Date);
        assert.match(ada.id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(Object.keys(ada).sort(), [
          "created_at",
          "email",
          "id",
          "locale",
          "role",
          "time_zone",
          "username",
        ]);
        const [row] = await db.query<{ password_hash: string }>(
          "SELECT password_hash FROM users WHERE id = $1",
          [ada.id],
        );
        assert.match(row.password_hash, /^pbkdf2-sha256\$600000\$/);
      },
    );

    await t.step(
      "createUser() rejects an email registered in another case with a ConflictError",
      async () => {
        await assert.rejects(
          createUser(db, {
            email: "ada.lovelace@example.test",
            password: PASSWORD,
            username: "Impostor",
            role: "student",
          }),
          (err) => {
            assert.ok(err instanceof ConflictError);
            assert.equal(
              err.message,
              "Cannot register: this email is already registered",
            );
            return true;
          },
        );
      },
    );

    await t.step(
      "lookup, uniqueness and the throttle key agree on every spelling of an address",
      async () => {
        const victim = await createUser(db, {
          email: "victim@example.test",
          password: PASSWORD,
          username: "Victim",
          role: "student",
        });
        const emile = await createUser(db, {
          email: "émile@example.test",
          password: PASSWORD,
          username: "Émile",
          role: "student",
        });
        const spellings: [string, string][] = [
          [" VICTIM@example.TEST", victim.id],
          ["v\u0130ctim@example.test", victim.id], // İ: PostgreSQL lowers it to i
          ["v\u0131ctim@example.test", victim.id], // dotless ı
          ["\u00c9MILE@example.test", emile.id], // É
          ["e\u0301mile@example.test", emile.id], // e + combining acute
        ];
        for (const [spelling, owner] of spellings) {
          const owners = [victim, emile].filter((u) => u.id === owner);
          const found = await getUserByEmail(db, spelling);
          const sameKey = accountKey(spelling) === accountKey(owners[0].email);
          assert.equal(found?.id === owner, sameKey, spelling);
          if (found) {
            assert.equal(accountKey(found.email), accountKey(spelling));
          }
          // Registering it again is refused exactly when it is the same account.
          const again = await createUser(db, {
            email: spelling,
            password: PASSWORD,
            username: "Again",
            role: "student",
          }).then(() => "created", (err) => err);
          assert.equal(again instanceof ConflictError, sameKey, spelling);
        }
      },
    );

    await t.step("createUser() defaults the time zone to UTC", async () => {
      const user = await register({
        email: "grace@example.test",
        password: PASSWORD,
        username: "Grace",
        role: "student",
      });
      assert.equal(user.time_zone, "UTC");
      assert.equal(user.role, "student");
    });

    await t.step(
      "getUserById() and getUserByEmail() find the user, or return null",
      async () => {
        assert.deepEqual(await getUserById(db, ada.id), ada);
        assert.equal(await getUserById(db, crypto.randomUUID()), null);
        assert.equal(await getUserById(db, "not-a-uuid"), null);
        assert.deepEqual(
          await getUserByEmail(db, " ADA.lovelace@example.test"),
          ada,
        );
        assert.equal(await getUserByEmail(db, "nobody@example.test"), null);
      },
    );

    await t.step(
      "authenticate() signs in with the right password, any email case",
      async () => {
        const user = await authenticate(db, {
          email: " ADA.LOVELACE@example.test ",
          password: PASSWORD,
          address: "203.0.113.1",
        });
        assert.deepEqual(user, ada);
      },
    );

    await t.step(
      "authenticate() fails alike, in about the same time, for a wrong password and an unknown email",
      async () => {
        const attempt = async (email: string, password: string) => {
          const started = performance.now();
          const err = await authenticate(db, {
            email,
            password,
            address: "203.0.113.2",
          }).then(
            () => null,
            (e) => e,
          );
          return { err, ms: performance.now() - started };
        };
        const wrong = await attempt(ada.email, PASSWORD + "!");
        const unknown = await attempt("nobody@example.test", PASSWORD);
        for (const { err } of [wrong, unknown]) {
          assert.ok(err instanceof UnauthorizedError);
          assert.equal(err.message, "Email or password is incorrect");
        }
        // Without the dummy verification an unknown email would answer in ~1 ms.
        assert.ok(
          unknown.ms > wrong.ms * 0.3,
          `unknown ${unknown.ms} ms vs wrong ${wrong.ms} ms`,
        );
      },
    );

    await t.step(
      "updateTimeZone() stores the canonical zone and rejects unknown zones",
      async () => {
        assert.equal(
          (await updateTimeZone(db, ada.id, "america/new_york")).time_zone,
          "America/New_York",
        );
        for (const bad of ["Mars/Base", "", "+05:00", "not a zone"]) {
          await assert.rejects(updateTimeZone(db, ada.id, bad), (err) => {
            assert.ok(err instanceof BadRequestError);
            assert.ok(err.fields.time_zone);
            return true;
          });
        }
        assert.equal(
          (await getUserById(db, ada.id))?.time_zone,
          "America/New_York",
        );
        await assert.rejects(
          updateTimeZone(db, crypto.randomUUID(), "UTC"),
          NotFoundError,
        );
      },
    );

    await t.step(
      "updateLocale() stores a canonical tag, null follows the browser, and refuses junk",
      async () => {
        assert.equal((await updateLocale(db, ada.id, "en-us")).locale, "en-US");
        assert.equal((await getUserById(db, ada.id))?.locale, "en-US");
        await assert.rejects(
          () => updateLocale(db, ada.id, "x-klingon"),
          BadRequestError,
        );
        assert.equal((await updateLocale(db, ada.id, null)).locale, null);
      },
    );

    await t.step("canonicalTimeZone() accepts IANA names only", () => {
      assert.equal(canonicalTimeZone("Asia/Tokyo"), "Asia/Tokyo");
      assert.equal(canonicalTimeZone("utc"), "UTC");
      assert.equal(canonicalTimeZone("-03:30"), null);
      assert.equal(canonicalTimeZone(42), null);
    });
  } finally {
    await close();
  }
});
