import { UserSummary } from '@adp-portal/plugin-adp-common';

/** A member's GitHub account as the team sees it; team admins never set it, its owner links it. */
export const GithubAccount = ({
  user,
  technical,
}: {
  user?: UserSummary;
  technical: boolean;
}) => {
  // Typed in by hand or kept from before linking: not proven by GitHub sign-in.
  if (user?.githubHandle)
    return (
      <>
        {user.githubVerified === false
          ? `${user.githubHandle} (unverified)`
          : user.githubHandle}
      </>
    );
  // Technical members get GitHub access once they link an account themselves.
  return <>{technical ? 'waiting for a GitHub account' : '—'}</>;
};
