/**
 * A scenario for tests of `chaos-exchange run`: `seconds` of calm, then `seconds` of 502s on
 * Time, then calm again, judged by the `expect` block given (YAML, indented two spaces).
 */
export const timeOutage = (name: string, seconds: number, expect: string): string => `name: ${name}
timeline:
  - name: calm
    duration: ${seconds}s
  - name: outage
    duration: ${seconds}s
    faults:
      - match: { route: Time }
        effect: { kind: status, status: 502 }
  - name: back
expect:
${expect}
`;
