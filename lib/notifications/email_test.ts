import assert from "node:assert/strict";
import {
  composeEmail,
  headerText,
  messageIdFor,
  recipientAddress,
  UnsendableEmailError,
} from "@/lib/notifications/email.ts";
import { createSmtpMailer } from "@/lib/notifications/mailer.ts";
import type { Notification } from "@/lib/notifications/model.ts";
import { parseMessage, startSmtpSink } from "@/tests/_smtp.ts";

const ORIGIN = "https://talkroom.example:8443";

function accountNotification(facts: Record<string, string>): Notification {
  return {
    id: "7b0c8a52-7d07-4c3c-9a51-0d4bb0d3d9a1",
    user_id: "u",
    kind: "email_change",
    booking_id: null,
    facts: { expires_at: new Date().toISOString(), ...facts } as never,
    created_at: new Date(),
    read_at: null,
    email_status: "pending",
  };
}

const RECIPIENT = {
  username: "Ann",
  email: "ann@example.test",
  time_zone: "UTC",
};

Deno.test("headerText() turns CR, LF and other control characters into spaces", () => {
  assert.equal(
    headerText("Hi\r\nBcc: x@evil.test\u2028\tthere "),
    "Hi Bcc: x@evil.test there",
  );
});

Deno.test("messageIdFor() is the notification id at the host of APP_ORIGIN", () => {
  assert.equal(messageIdFor("abc", ORIGIN), "<abc@talkroom.example>");
});

Deno.test("composeEmail() sends to the facts' send_to when they name one (an e-mail change), else to the user's address", () => {
  const confirm = accountNotification({
    link_path: "/confirm-email?token=t",
    new_email: "new@example.test",
    send_to: "new@example.test",
  });
  assert.equal(recipientAddress(confirm, RECIPIENT.email), "new@example.test");
  const notice = accountNotification({
    link_path: "/account",
    new_email: "new@example.test",
    send_to: "old@example.test",
  });
  assert.equal(recipientAddress(notice, RECIPIENT.email), "old@example.test");
  const reset = accountNotification({ link_path: "/reset-password?token=t" });
  assert.equal(recipientAddress(reset, RECIPIENT.email), RECIPIENT.email);
  const email = composeEmail(confirm, RECIPIENT, ORIGIN);
  assert.equal(email.to, "new@example.test");
  assert.equal(email.messageId, `<${confirm.id}@talkroom.example>`);
  assert.equal(email.invite, null);
});

Deno.test("composeEmail() refuses an address carrying a header line", () => {
  const n = accountNotification({
    link_path: "/confirm-email?token=t",
    new_email: "new@example.test",
    send_to: "new@example.test\r\nBcc: victim@evil.test",
  });
  assert.throws(
    () => composeEmail(n, RECIPIENT, ORIGIN),
    UnsendableEmailError,
  );
});

Deno.test("the mailer puts a subject with CR/LF on one header line: no Bcc reaches the wire", async () => {
  const sink = await startSmtpSink();
  const mailer = createSmtpMailer(
    sink.url,
    "Talkroom <no-reply@talkroom.example>",
  );
  try {
    await mailer.send({
      messageId: "<m1@talkroom.example>",
      to: "ann@example.test",
      subject: "Lesson\r\nBcc: victim@evil.test",
      text: "t",
      html: "<p>t</p>",
      invite: null,
    });
    const [message] = await sink.waitFor(1);
    assert.deepEqual(message.to, ["ann@example.test"]);
    const mail = await parseMessage(message);
    assert.equal(mail.bcc, undefined);
    assert.equal(mail.subject, "Lesson Bcc: victim@evil.test");
  } finally {
    mailer.close();
    await sink.stop();
  }
});
