// The hello-world ceiling for `deno serve --parallel` (one isolate per core).
export default {
  fetch(): Response {
    return new Response("Hello, world!");
  },
} satisfies Deno.ServeDefaultExport;
