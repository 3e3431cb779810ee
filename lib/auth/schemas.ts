import { z } from "zod";
import { ROLES, SCOPES } from "./roles";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "must be an email address" }));

export const RoleList = z.array(z.enum(ROLES)).min(1, "give at least one role");

export const CreateUser = z
  .strictObject({
    email: Email,
    name: z.string().trim().min(1).max(200),
    roles: RoleList,
    password: z.string().min(12, "must be at least 12 characters").max(200).optional(),
  })
  .meta({ id: "CreateUser" });

export const UpdateUser = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    roles: RoleList.optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(12, "must be at least 12 characters").max(200).optional(),
    oidcLinked: z.boolean().optional().meta({
      description: "true lets single sign-on (with a verified email) sign into this account although it has a password; false stops it",
    }),
  })
  .meta({ id: "UpdateUser" });

export const User = z
  .object({
    email: z.string(),
    name: z.string(),
    roles: z.array(z.enum(ROLES)),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "User" });

export const Me = z.object({ email: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)) }).meta({ id: "Me" });

export const CreateToken = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(SCOPES)).min(1, "give at least one scope"),
    expiresAt: z.iso.datetime({ offset: true, local: true }).optional(),
  })
  .meta({ id: "CreateToken" });

export const TokenInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "TokenInfo" });

export const IssuedToken = z
  .object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(SCOPES)), expiresAt: z.string().nullable(), token: z.string() })
  .meta({ id: "IssuedToken" });
