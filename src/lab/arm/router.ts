// ARM path matching. ARM paths are case-insensitive (the SDKs send `trafficmanagerprofiles`, the
// service returns `trafficManagerProfiles`), so literal segments match ignoring case and
// `{name}` segments capture the decoded text as sent.
import type { LabContext } from '../context.js';
import type { LabReply, LabRequest } from '../http/handler.js';
import type { ArmState } from './arm-state.js';
import { armErrors } from './errors.js';

export interface ArmCall {
  ctx: LabContext;
  state: ArmState;
  request: LabRequest;
  params: Record<string, string>;
  apiVersion: string;
  /** The parsed JSON body; undefined when empty. Throws InvalidRequestContent when it is not JSON. */
  body(): unknown;
}

export type ArmOperationHandler = (call: ArmCall) => LabReply | Promise<LabReply>;

export interface ArmRoute {
  /** e.g. `subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/trafficmanagerprofiles/{profileName}` */
  template: string;
  methods: Partial<Record<string, ArmOperationHandler>>;
  /** The region whose resources the path touches (ARM faults scoped to a region); undefined = global. */
  regionOf?: (call: ArmCall) => string | undefined;
  /**
   * True when the resource provider serving this path runs in that region, so a `region-down`
   * fault there makes ARM's call to it fail (AKS); false for global or geo-replicated services.
   */
  regionalProvider?: boolean;
}

interface CompiledRoute {
  route: ArmRoute;
  segments: ({ literal: string } | { param: string })[];
}

export interface RouteMatch {
  route: ArmRoute;
  params: Record<string, string>;
}

export class ArmRouter {
  private readonly compiled: CompiledRoute[];

  constructor(routes: ArmRoute[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.template.split('/').map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() })),
    }));
    // Routes with more literal segments win over ones that would capture the same text as a name.
    this.compiled.sort((a, b) => literalCount(b) - literalCount(a));
  }

  match(segments: string[]): RouteMatch | undefined {
    for (const { route, segments: pattern } of this.compiled) {
      if (pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < pattern.length && matched; i++) {
        const part = pattern[i];
        const actual = segments[i] ?? '';
        if (!part) matched = false;
        else if ('literal' in part) matched = part.literal === actual.toLowerCase();
        else if (actual.length === 0) matched = false;
        else params[part.param] = actual;
      }
      if (matched) return { route, params };
    }
    return undefined;
  }
}

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((s) => 'literal' in s).length;
}

/** The path's segments, decoded; a malformed escape is a bad request. */
export function pathSegments(pathname: string): string[] {
  try {
    return pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw armErrors.badRequest(`The request URI '${pathname}' is not valid.`);
  }
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The resource group named in an ARM resource id. */
export function resourceGroupOf(resourceId: string): string {
  const parts = resourceId.split('/');
  const index = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return index >= 0 ? (parts[index + 1] ?? '') : '';
}
