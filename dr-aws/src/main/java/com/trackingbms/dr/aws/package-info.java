/** AWS provider: S3 object store, Route53 and ELBv2 traffic routers, KMS envelope keys, S3 lease (arrives with the AWS issue). */
package com.trackingbms.dr.aws;
