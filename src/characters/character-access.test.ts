import { describe, expect, it } from 'vitest';
import type { Actor } from '../accounts/index.js';
import { type AccessFields, canEdit, canFork, canList, canSeeHidden, canView } from './character-access.js';

const actor = (userId: string, role: Actor['role'] = 'user', nsfwOptIn = false): Actor => ({
  userId,
  email: `${userId}@example.com`,
  displayName: userId,
  role,
  ageVerified: true,
  nsfwOptIn,
  status: 'active',
  statusReason: null,
  via: 'session',
});
const owner = actor('owner');
const stranger = actor('stranger');
const optedIn = actor('adult', 'user', true);
const moderator = actor('mod', 'moderator');
const row = (fields: Partial<AccessFields> = {}): AccessFields => ({
  owner_id: 'owner',
  visibility: 'public',
  status: 'published',
  rating: 'sfw',
  allow_fork: 0,
  ...fields,
});

describe('character access rules', () => {
  it.each([
    // [case, row, owner sees, stranger sees, anonymous sees, listed]
    ['public published', row(), true, true, true, true],
    ['unlisted published', row({ visibility: 'unlisted' }), true, true, true, false],
    ['private published', row({ visibility: 'private' }), true, false, false, false],
    ['public draft', row({ status: 'draft' }), true, false, false, false],
    ['public locked', row({ status: 'locked' }), true, false, false, false],
  ] as const)('%s', (_name, character, ownerSees, strangerSees, anonymousSees, listed) => {
    expect(canView(owner, character)).toBe(ownerSees);
    expect(canView(stranger, character)).toBe(strangerSees);
    expect(canView(null, character)).toBe(anonymousSees);
    expect(canList(stranger, character)).toBe(listed);
    expect(canView(moderator, character)).toBe(true);
  });

  it('hides NSFW from everyone but opted-in users, the owner and moderators', () => {
    const nsfw = row({ rating: 'nsfw' });
    expect(canView(stranger, nsfw)).toBe(false);
    expect(canView(null, nsfw)).toBe(false);
    expect(canList(stranger, nsfw)).toBe(false);
    expect(canView(optedIn, nsfw)).toBe(true);
    expect(canList(optedIn, nsfw)).toBe(true);
    expect(canView(owner, nsfw)).toBe(true);
  });

  it('lets only the owner (unless locked) or a moderator edit and see hidden rules', () => {
    expect(canEdit(owner, row())).toBe(true);
    expect(canEdit(stranger, row())).toBe(false);
    expect(canEdit(null, row())).toBe(false);
    expect(canEdit(owner, row({ status: 'locked' }))).toBe(false);
    expect(canEdit(moderator, row({ status: 'locked' }))).toBe(true);
    expect(canSeeHidden(stranger, row())).toBe(false);
    expect(canSeeHidden(actor('admin', 'admin'), row())).toBe(true);
  });

  it('forks only visible characters whose creator allows it', () => {
    expect(canFork(stranger, row())).toBe(false);
    expect(canFork(stranger, row({ allow_fork: 1 }))).toBe(true);
    expect(canFork(stranger, row({ allow_fork: 1, status: 'draft' }))).toBe(false);
    expect(canFork(owner, row({ status: 'draft' }))).toBe(true);
  });
});
