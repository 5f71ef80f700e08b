// The ceiling of the machine: the smallest Deno.serve server there is.
Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 0),
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`Listening on http://127.0.0.1:${port}/`),
}, () => new Response("Hello, world!"));
