// Shared between the issue navigation and the checklist step: an item to bring into view
// (filters cleared, details open) the next time the step renders.
export const checklistView = $state<{ reveal: string | null }>({ reveal: null });
