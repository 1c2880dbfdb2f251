/**
 * The connection source's catalogue rules, one file each (the shape of config/rules/): they run
 * after the catalogue's own rules of their stage (config/load-catalogue.ts), and the README lists
 * them with the catalogue's. Adding one: a file here, a line below, and its failing and passing
 * fixtures named after its id.
 */
import type { Rule } from "../../../config/rules/rule";
import { connectionExists } from "./connection-exists";
import { triggerFilters } from "./trigger-filters";

export const CONNECTION_RULES: readonly Rule[] = [
  connectionExists,
  triggerFilters,
];
