import { botMethods } from './bot-methods.ts';
import { callbackMethods } from './callback-methods.ts';
import { chatMethods } from './chat-methods.ts';
import type { MethodHandler } from './context.ts';
import { editMethods } from './edit-methods.ts';
import { fileMethods } from './file-methods.ts';
import { messageMethods } from './message-methods.ts';
import { updateMethods } from './update-methods.ts';

const ALL: Record<string, MethodHandler> = {
  ...botMethods,
  ...updateMethods,
  ...messageMethods,
  ...editMethods,
  ...chatMethods,
  ...callbackMethods,
  ...fileMethods,
};

const BY_LOWER = new Map(Object.entries(ALL).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

/** Bot API method names are case-insensitive; returns the canonical name and its handler. */
export function findMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER.get(name.toLowerCase());
}
