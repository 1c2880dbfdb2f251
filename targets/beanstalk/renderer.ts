/** The Beanstalk target's renderer (../renderers maps "beanstalk" to it). */
import type { TargetRenderer } from "../rendering";
import { renderBeanstalk } from "./render";
import { usesBeanstalk } from "./names";
import { renderBeanstalkServiceRole } from "./service-role";

export const beanstalkRenderer: TargetRenderer = {
  renderService: (stack, props) => ({ deploy: renderBeanstalk(stack, props) }),
  // The service role every Beanstalk environment and application uses, only while one exists:
  // an idle role that elasticbeanstalk.amazonaws.com may assume, with AWS's broad managed-updates
  // policy, is a privilege anyone who may pass it could use.
  renderShared: (stack, { catalogue }) => {
    if (usesBeanstalk(catalogue.services)) renderBeanstalkServiceRole(stack);
  },
};
