import { z } from 'zod';

export const emailSchema = z.email('must be a valid email address').max(254).trim();
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'must be at most 60 characters');

export const signupBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'),
});

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const updateMeBody = z.strictObject({
  displayName: displayNameSchema.optional(),
  nsfwOptIn: z.boolean().optional(),
});

export const deleteMeBody = z.strictObject({ password: z.string().min(1).max(256) });

const promptMode = z.enum(['hearth', 'client']);
export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  promptMode: promptMode.optional(),
  clientMemory: z.boolean().optional(),
});
export const updateApiKeyBody = z.strictObject({
  promptMode: promptMode.optional(),
  clientMemory: z.boolean().optional(),
});

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  birthDate: z.string(),
  adultAttestedAt: z.string(),
  role: z.enum(['user', 'creator', 'moderator', 'admin']),
  status: z.enum(['active', 'suspended', 'banned', 'deleted']),
  statusReason: z.string().nullable(),
  nsfwOptIn: z.boolean(),
  createdAt: z.string(),
});

export const apiKeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  promptMode: promptMode,
  clientMemory: z.boolean(),
});

export const adminUpdateUserBody = z.strictObject({
  role: z.enum(['user', 'creator', 'moderator', 'admin']).optional(),
  status: z.enum(['active', 'suspended', 'banned']).optional(),
  statusReason: z.string().max(500).nullable().optional(),
});
