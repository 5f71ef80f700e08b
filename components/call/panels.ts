// The lazily loaded panels of a joined call (see lazy_panels.ts).
export { default as ChatPanel } from "@/components/call/ChatPanel.tsx";
export { QualityPanel } from "@/components/call/QualityPanel.tsx";
