import { defineConfig } from "@twind/core";
import presetTailwind from "@twind/preset-tailwind";
import presetAutoprefix from "@twind/preset-autoprefix";

// The design tokens (docs/DESIGN.md). Colours are named for their job, not
// their hue, and each text colour keeps 4.5:1 on white and on the page's
// slate-50 background; `field` (control borders) and `brand-700` (focus
// ring) keep 3:1.
export default {
  ...defineConfig({
    presets: [presetAutoprefix(), presetTailwind()],
    theme: {
      extend: {
        colors: {
          brand: {
            50: "#eef2ff",
            100: "#e0e7ff",
            200: "#c7d2fe",
            600: "#4f46e5",
            700: "#4338ca",
            800: "#3730a3",
            900: "#312e81",
          },
          ink: "#0f172a",
          muted: "#475569",
          line: "#e2e8f0",
          field: "#64748b",
          danger: {
            50: "#fef2f2",
            200: "#fecaca",
            600: "#dc2626",
            700: "#b91c1c",
            800: "#991b1b",
          },
          success: {
            50: "#ecfdf5",
            200: "#a7f3d0",
            800: "#065f46",
          },
          warning: {
            50: "#fffbeb",
            200: "#fde68a",
            900: "#78350f",
          },
        },
        fontSize: {
          display: ["2.25rem", "2.5rem"],
          title: ["1.5rem", "2rem"],
          heading: ["1.125rem", "1.75rem"],
          body: ["1rem", "1.5rem"],
          small: ["0.875rem", "1.25rem"],
        },
        borderRadius: {
          card: "0.75rem",
          control: "0.375rem",
        },
      },
    },
    preflight: {
      // One visible focus ring for everything a keyboard reaches; a white
      // halo keeps it visible on the dark call room too.
      ":focus-visible": {
        outline: "2px solid #4338ca",
        outlineOffset: "2px",
        boxShadow: "0 0 0 2px #ffffff",
      },
    },
  }),
  selfURL: import.meta.url,
};
