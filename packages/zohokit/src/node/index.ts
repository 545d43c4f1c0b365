import { readFile } from "node:fs/promises"; export const y = readFile;
