import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** cdk-nag's name for the managed policy CDK gives every function's role. */
export const BASIC_EXECUTION_ROLE =
  'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const VPC_ACCESS_ROLE = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

/**
 * Acknowledges, on the function's role only, the two AWS managed policies CDK attaches to
 * every function in a VPC (cdk-nag AwsSolutions-IAM4), with why each is acceptable.
 */
export function acknowledgeVpcFunctionManagedPolicies(fn: lambda.IFunction): void {
  Validations.of(fn.role as Construct).acknowledge(
    {
      id: `AwsSolutions-IAM4[${BASIC_EXECUTION_ROLE}]`,
      reason:
        'AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup/CreateLogStream/PutLogEvents, which every Lambda needs to write its log group.',
    },
    {
      id: `AwsSolutions-IAM4[${VPC_ACCESS_ROLE}]`,
      reason:
        'AWSLambdaVPCAccessExecutionRole grants only the EC2 network-interface actions Lambda needs to attach the function to the VPC; those actions do not support resource-level scoping.',
    },
  );
}
