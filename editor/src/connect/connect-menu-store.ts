import { create } from 'zustand';
import type { PortType } from '@coinlab/shared';
import type { DragSide } from './compatible-nodes';

/** Where a connection drag ended on empty canvas, and from which port: the menu's whole state. */
export interface ConnectMenuAt {
  fromNode: string;
  fromPort: string;
  side: DragSide;
  portType: PortType;
  /** Where to draw the menu (viewport pixels) and to put the new node (flow coordinates). */
  client: { x: number; y: number };
  flow: { x: number; y: number };
}

interface ConnectMenuState {
  at: ConnectMenuAt | null;
  open(at: ConnectMenuAt): void;
  close(): void;
}

export const useConnectMenuStore = create<ConnectMenuState>()((set) => ({
  at: null,
  open: (at) => set({ at }),
  close: () => set({ at: null }),
}));
