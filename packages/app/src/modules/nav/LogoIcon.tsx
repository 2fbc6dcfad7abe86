import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    color: '#fff',
    fontSize: 20,
    fontWeight: 700,
  },
});

export const LogoIcon = () => {
  const classes = useStyles();
  return <span className={classes.text}>ADP</span>;
};
