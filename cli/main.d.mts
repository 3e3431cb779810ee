/** @param {string[]} argv @param {NodeJS.ProcessEnv} env @returns {Promise<number>} */
export function main(argv: string[], env?: NodeJS.ProcessEnv): Promise<number>;
export type Ctx = {
    api: Api;
    opts: Record<string, any>;
    args: string[];
    json: boolean;
    quiet: boolean;
    env: NodeJS.ProcessEnv;
    need: (n: number, usage: string) => string[];
    out: (data: unknown, text: string) => void;
};
import { Api } from "./http.mjs";
