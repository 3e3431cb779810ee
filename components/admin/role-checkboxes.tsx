import { ROLES, type Role } from "@/lib/auth/roles";

export const ROLE_HELP: Record<Role, string> = {
  viewer: "reads everything but the audit trail",
  contributor: "registers models and versions, edits cards, ingests, requests releases",
  reviewer: "decides releases",
  compliance: "reads and exports the audit trail and evidence",
  admin: "manages users, tokens and policies",
};

/** The five roles as checkboxes in a fieldset; the API's error for `roles` is shown under them. */
export function RoleCheckboxes({
  idPrefix,
  legend = "Roles",
  value,
  defaultValue,
  onChange,
  locked = [],
  error,
  compact = false,
}: {
  idPrefix: string;
  legend?: string;
  value?: Role[];
  defaultValue?: Role[];
  onChange?: (roles: Role[]) => void;
  /** Roles shown checked and not changeable here, e.g. your own admin role. */
  locked?: Role[];
  error?: string;
  compact?: boolean;
}) {
  const errId = `${idPrefix}-roles-err`;
  return (
    <fieldset aria-describedby={error ? errId : undefined}>
      <legend className="mb-1 text-sm font-medium">
        {legend}
        <span className="text-bad"> *</span>
      </legend>
      <div className={compact ? "flex flex-wrap gap-x-4 gap-y-1" : "space-y-1.5"}>
        {ROLES.map((r) => {
          const id = `${idPrefix}-role-${r}`;
          const isLocked = locked.includes(r);
          return (
            <div key={r} className="flex items-start gap-2">
              <input
                id={id}
                type="checkbox"
                name="roles"
                value={r}
                className="mt-0.5 size-4 accent-brand"
                checked={value ? value.includes(r) || isLocked : undefined}
                defaultChecked={value ? undefined : defaultValue?.includes(r)}
                disabled={isLocked}
                onChange={
                  onChange && value
                    ? (e) => onChange(e.target.checked ? ROLES.filter((x) => x === r || value.includes(x)) : value.filter((x) => x !== r))
                    : undefined
                }
              />
              <label htmlFor={id} className="text-sm">
                <span className="font-medium">{r}</span>
                {!compact && <span className="text-muted"> — {ROLE_HELP[r]}</span>}
                {isLocked && <span className="text-muted"> (yours; another admin can remove it)</span>}
              </label>
            </div>
          );
        })}
      </div>
      {error && (
        <p id={errId} className="mt-1 text-sm text-bad">
          Roles {error}
        </p>
      )}
    </fieldset>
  );
}
