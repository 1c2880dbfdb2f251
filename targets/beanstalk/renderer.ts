/** The Beanstalk target's renderer (../renderers maps "beanstalk" to it). */
import type { TargetRenderer } from "../rendering";
import { renderBeanstalk } from "./render";
import { renderBeanstalkServiceRole } from "./service-role";

export const beanstalkRenderer: TargetRenderer = {
  renderService: (stack, props) => ({ deploy: renderBeanstalk(stack, props) }),
  // The service role every Beanstalk environment and application uses: rendered whatever the
  // catalogue's environments, as it always was (a catalogue without Beanstalk has it too).
  renderShared: (stack) => renderBeanstalkServiceRole(stack),
};
