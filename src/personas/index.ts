// Public API of the personas layer: who a user is in a chat (issue 20 item 1).
export { personaRoutes } from './routes.js';
export {
  getOwnPersona,
  personaForChat,
  publicPersona,
  type PublicPersona,
  type PersonaFields,
} from './persona-store.js';
