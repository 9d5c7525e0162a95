// Tables of the memory layer; filled in by that layer's migration (see migrations/index.ts).
// biome-ignore lint/suspicious/noEmptyInterface: populated when the layer lands.
export interface MemoryTables {}
