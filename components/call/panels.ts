// The lazily loaded panels of a joined call (see lazy_panels.ts), and what
// it shows after leaving or being replaced by another tab.
export { default as ChatPanel } from "@/components/call/ChatPanel.tsx";
export { QualityPanel } from "@/components/call/QualityPanel.tsx";
export { LeftNotice } from "@/components/call/LeftNotice.tsx";
export { ReplacedNotice } from "@/components/call/ReplacedNotice.tsx";
