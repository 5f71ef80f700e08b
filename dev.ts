#!/usr/bin/env -S deno run -A --watch=static/,routes/,islands/,components/,lib/
import dev from "$fresh/dev.ts";
import config from "./fresh.config.ts";
import { getConfig } from "@/lib/config.ts";

const { port } = getConfig();
await dev(import.meta.url, "./main.ts", { ...config, server: { port } });
